package dev.appservice.runtime.support;

/**
 * One app service for a test, on the shared broker and PostgreSQL: a new database, its input,
 * output and dead-letter topics (one partition), the env contract of its worker for partition 0,
 * and a handle on the database.
 */
public record TestApp(WorkerEnv env, Db db) {

  public static TestApp create(String name) throws Exception {
    TestKafka kafka = TestKafka.shared();
    TestPostgres pg = TestPostgres.shared();
    String url = pg.jdbcUrl(pg.createDatabase());
    WorkerEnv env = new WorkerEnv(name, kafka.bootstrapServers(), url, 1, 0);
    kafka.createTopics(1, env.inputTopic(), env.outputTopic(), env.deadLetterTopic());
    return new TestApp(env, new Db(url));
  }
}
