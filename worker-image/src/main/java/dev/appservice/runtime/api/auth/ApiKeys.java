package dev.appservice.runtime.api.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys from a file (mounted from a Secret), stored as SHA-256 hashes, never as the keys. One
 * key per line: {@code <name> sha256:<64 hex digits> <scope> [<scope>...]}; {@code #} starts a
 * comment. {@link #reload()} reads the file again (the API calls it every few seconds), so a key is
 * added or revoked by editing the Secret, without a restart; a file that does not parse keeps the
 * keys of the last one that did, and the log says why.
 */
public final class ApiKeys {
  private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern HASH = Pattern.compile("sha256:([0-9a-f]{64})");

  private record Key(String name, byte[] hash, Scopes scopes) {}

  private final Path file;
  private volatile List<Key> keys;
  private String loaded;

  private ApiKeys(Path file, List<Key> keys, String loaded) {
    this.file = file;
    this.keys = keys;
    this.loaded = loaded;
  }

  /** Reads the file; a missing or malformed file fails the start, naming the line. */
  public static ApiKeys load(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return new ApiKeys(file, parse(text), text);
  }

  /** Reads the file again if it changed; keeps the current keys if it cannot. */
  public synchronized void reload() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      log.warn("API keys file {} cannot be read; keeping the current keys: {}", file, e.toString());
      return;
    }
    if (text.equals(loaded)) {
      return;
    }
    loaded = text;
    try {
      List<Key> parsed = parse(text);
      keys = parsed;
      log.info("API keys reloaded from {}: {} keys", file, parsed.size());
    } catch (IllegalArgumentException e) {
      log.warn("API keys file {} is invalid; keeping the current keys: {}", file, e.getMessage());
    }
  }

  public int size() {
    return keys.size();
  }

  /**
   * The caller a presented key belongs to. Every stored hash is compared, in constant time, whether
   * or not an earlier one matched, so the answer's timing says nothing about the keys.
   */
  public Optional<Caller> authenticate(String presented) {
    byte[] hash = sha256(presented);
    Key match = null;
    for (Key key : keys) {
      if (MessageDigest.isEqual(key.hash(), hash) && match == null) {
        match = key;
      }
    }
    return Optional.ofNullable(match).map(k -> new Caller(Caller.API_KEY, k.name(), k.scopes()));
  }

  static List<Key> parse(String text) {
    List<Key> keys = new ArrayList<>();
    Set<String> names = new HashSet<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int comment = line.indexOf('#');
      String[] words = (comment >= 0 ? line.substring(0, comment) : line).trim().split("\\s+");
      if (words.length == 1 && words[0].isEmpty()) {
        continue;
      }
      String where = "line " + (i + 1);
      if (words.length < 3) {
        throw new IllegalArgumentException(
            where + ": expected '<name> sha256:<hex> <scope> [<scope>...]'");
      }
      if (!NAME.matcher(words[0]).matches()) {
        throw new IllegalArgumentException(
            where + ": a key name is 1-64 letters, digits, '.', '_' or '-'");
      }
      if (!names.add(words[0])) {
        throw new IllegalArgumentException(where + ": the name '" + words[0] + "' is used twice");
      }
      var hash = HASH.matcher(words[1]);
      if (!hash.matches()) {
        throw new IllegalArgumentException(
            where + ": the hash is 'sha256:' and 64 lower-case hex digits (sha256sum of the key)");
      }
      List<String> scopes = Arrays.asList(words).subList(2, words.length);
      for (String scope : scopes) {
        if (!Scopes.NAME.matcher(scope).matches()) {
          throw new IllegalArgumentException(where + ": '" + scope + "' is not a scope");
        }
      }
      keys.add(new Key(words[0], HexFormat.of().parseHex(hash.group(1)), Scopes.of(scopes)));
    }
    return List.copyOf(keys);
  }

  static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The line format's hash of a key: what an operator writes into the keys file. */
  public static String hashOf(String key) {
    return "sha256:" + HexFormat.of().formatHex(sha256(key));
  }
}
