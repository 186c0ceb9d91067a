{{- define "appservice-operator.labels" -}}
{{ include "appservice-operator.selector" . }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: appservice-operator
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "appservice-operator.selector" -}}
app.kubernetes.io/name: appservice-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Cluster-scoped names carry the namespace: releases of the same name may live in several
     namespaces (one per team, each with watchNamespaces). */}}
{{- define "appservice-operator.clusterScopedName" -}}
{{ .Release.Namespace }}-{{ .Release.Name }}
{{- end }}

{{- /* The ClusterRole granting Secret write, bound per namespace. */}}
{{- define "appservice-operator.secretWriterName" -}}
{{ include "appservice-operator.clusterScopedName" . }}-secret-writer
{{- end }}
