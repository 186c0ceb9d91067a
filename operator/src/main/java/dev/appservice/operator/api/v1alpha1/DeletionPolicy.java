package dev.appservice.operator.api.v1alpha1;

/** What happens to topics and database data when the AppService is deleted. */
public enum DeletionPolicy {
  /** Keep the KafkaTopics and the database (the default: data outlives the app). */
  Retain,
  /** Delete the KafkaTopics and the CloudNativePG cluster with the AppService. */
  Delete
}
