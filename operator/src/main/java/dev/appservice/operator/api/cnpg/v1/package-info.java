/**
 * A small typed model of the CloudNativePG {@code Cluster} (postgresql.cnpg.io/v1): only the fields
 * this operator writes or reads, named as in CloudNativePG's CRD (checked against v1.30.0). Fields
 * CloudNativePG defaults are ignored when reading: the operator only ever server-side applies the
 * fields it owns, so it never needs them.
 */
package dev.appservice.operator.api.cnpg.v1;
