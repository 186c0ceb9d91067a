{{- define "appservice-operator.labels" -}}
app.kubernetes.io/name: appservice-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "appservice-operator.selector" -}}
app.kubernetes.io/name: appservice-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
