package dev.appservice.runtime.document;

/**
 * The statements on the document handler's {@code documents} table (its migrations are under {@code
 * db/handler/document}): the handler's batch writes, the API's reads, and the one-row upsert that
 * the benchmarks' baselines run with plain JDBC. A document is keyed by (entity, id); {@code
 * version} counts the writes, {@code command_id} names the last command that wrote it.
 */
public final class DocumentTable {
  private DocumentTable() {}

  static final String LOAD =
      """
      SELECT d.entity, d.id, d.version, d.doc::text
      FROM documents d JOIN unnest(?::text[], ?::text[]) AS k(entity, id)
        ON d.entity = k.entity AND d.id = k.id
      """;
  // One statement per kind of write, the rows passed as arrays: planned once per batch, not once
  // per row or per multi-row VALUES chunk. The arrays go in binary (setObject with a Java array):
  // no array literal to escape here and for PostgreSQL to parse back, which with JSON documents
  // full of quotes cost more than a tenth of the batch. Keys are distinct within a batch (dirty is
  // a set), so ON CONFLICT never meets the same row twice.
  private static final String INSERT =
      "INSERT INTO documents (entity, id, doc, version, command_id, updated_at) ";
  private static final String ROWS =
      """
      SELECT u.entity, u.id, u.doc::jsonb, u.version, u.command_id, now()
      FROM unnest(?::text[], ?::text[], ?::text[], ?::int8[], ?::text[])
        AS u(entity, id, doc, version, command_id)
      """;
  private static final String ON_CONFLICT =
      " ON CONFLICT (entity, id) DO UPDATE SET doc = excluded.doc, version = %s,"
          + " command_id = excluded.command_id, updated_at = excluded.updated_at";

  /** Writes rows whose versions the handler knows (it loaded them): the version is set. */
  static final String UPSERT = INSERT + ROWS + ON_CONFLICT.formatted("excluded.version");

  /** Blind writes (rows not loaded): the batch's count of writes is added to the stored version. */
  static final String UPSERT_ADDING_VERSIONS =
      INSERT + ROWS + ON_CONFLICT.formatted("documents.version + excluded.version");

  static final String DELETE =
      """
      DELETE FROM documents d USING unnest(?::text[], ?::text[]) AS k(entity, id)
      WHERE d.entity = k.entity AND d.id = k.id
      """;

  /** One document by key: id, doc (text), version, command_id, updated_at. */
  public static final String ONE =
      "SELECT id, doc::text, version, command_id, updated_at FROM documents"
          + " WHERE entity = ? AND id = ?";

  /** A page of an entity's documents after an id, by id (keyset pagination), same columns. */
  public static final String PAGE =
      "SELECT id, doc::text, version, command_id, updated_at FROM documents"
          + " WHERE entity = ? AND id > ? ORDER BY id LIMIT ?";

  /**
   * One blind write with one row's values as parameters (entity, id, doc, command_id): the
   * handler's {@link #UPSERT_ADDING_VERSIONS} for a single row, as a hand-written JDBC loop would
   * run it per event. The benchmarks' baselines B1 and B2 use it, so they write what the handler
   * writes.
   */
  public static final String UPSERT_ONE =
      INSERT
          + "VALUES (?, ?, ?::jsonb, 1, ?, now())"
          + ON_CONFLICT.formatted("documents.version + excluded.version");
}
