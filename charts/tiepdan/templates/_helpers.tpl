{{/*
Names, labels, images and the environment shared by every workload.
Most helpers take a dict: (dict "root" $ "svc" "intake" "component" "web").
*/}}

{{- define "tiepdan.services" -}}
intake roster alerts reports console
{{- end -}}

{{/* The services whose APIs the console calls (and that verify its tokens). */}}
{{- define "tiepdan.apiServices" -}}
intake roster alerts reports
{{- end -}}

{{/* A service's components: the console serves pages and has nothing for a worker to do. */}}
{{- define "tiepdan.components" -}}
{{- ternary "web" "web worker" (eq . "console") -}}
{{- end -}}

{{/* http://<service's web Service>.<namespace>.svc:<port> (dict root svc). */}}
{{- define "tiepdan.serviceUrl" -}}
{{- $web := dict "root" .root "svc" .svc "component" "web" -}}
{{- $s := include "tiepdan.settings" $web | fromYaml -}}
{{- printf "http://%s.%s.svc:%v" (include "tiepdan.componentName" $web) .root.Release.Namespace $s.service.port -}}
{{- end -}}

{{- define "tiepdan.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tiepdan.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* <fullname>-<svc>[-<component>]; web keeps the bare service name (it is what the Ingress points at). */}}
{{- define "tiepdan.componentName" -}}
{{- $base := printf "%s-%s" (include "tiepdan.fullname" .root) .svc -}}
{{- if and .component (ne .component "web") -}}
{{- printf "%s-%s" $base .component | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $base | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "tiepdan.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every resource (root context). */}}
{{- define "tiepdan.labels" -}}
helm.sh/chart: {{ include "tiepdan.chart" . }}
app.kubernetes.io/name: {{ include "tiepdan.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tiepdan
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of one service component (dict root svc component). */}}
{{- define "tiepdan.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tiepdan.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ printf "%s-%s" .svc .component }}
tiepdan.io/service: {{ .svc }}
{{- end -}}

{{- define "tiepdan.componentLabels" -}}
{{- $labels := merge (include "tiepdan.selectorLabels" . | fromYaml) (include "tiepdan.labels" .root | fromYaml) -}}
{{- toYaml $labels -}}
{{- end -}}

{{/* metadata.annotations lines: commonAnnotations plus extra ones (dict root extra); empty when none. */}}
{{- define "tiepdan.annotations" -}}
{{- $all := merge (deepCopy (.extra | default dict)) (.root.Values.commonAnnotations | default dict) -}}
{{- if $all -}}
{{- toYaml $all -}}
{{- end -}}
{{- end -}}

{{/* A component's settings: chart-wide defaults (web/worker) overridden by the service's own block. */}}
{{- define "tiepdan.settings" -}}
{{- $defaults := deepCopy (index .root.Values .component) -}}
{{- $own := deepCopy ((index (index .root.Values .svc) .component) | default dict) -}}
{{- toYaml (mergeOverwrite $defaults $own) -}}
{{- end -}}

{{/* Image reference of a service: registry/prefix/svc:tag or @digest. */}}
{{- define "tiepdan.image" -}}
{{- $v := .root.Values -}}
{{- $own := (index $v .svc).image | default dict -}}
{{- $registry := $v.global.imageRegistry | default $v.image.registry -}}
{{- $repository := $own.repository | default (printf "%s/%s" $v.image.repositoryPrefix .svc) -}}
{{- $digest := $own.digest | default $v.image.digest -}}
{{- $tag := $own.tag | default $v.image.tag | default .root.Chart.AppVersion -}}
{{- $ref := ternary (printf "%s/%s" $registry $repository) $repository (ne $registry "") -}}
{{- if $digest -}}
{{- printf "%s@%s" $ref $digest -}}
{{- else -}}
{{- printf "%s:%s" $ref (toString $tag) -}}
{{- end -}}
{{- end -}}

{{/*
An operator's image (dict root values): `image` verbatim when given; under global.imageRegistry
<registry>/<imageRepository>:<imageTag>; otherwise empty, and the operator runs its own default image
(which matches the operator's version).
*/}}
{{- define "tiepdan.operatorImage" -}}
{{- $registry := .root.Values.global.imageRegistry -}}
{{- if .values.image -}}
{{- .values.image -}}
{{- else if $registry -}}
{{- printf "%s/%s:%s" $registry .values.imageRepository (toString .values.imageTag) -}}
{{- end -}}
{{- end -}}

{{/* imagePullSecrets list items; empty when none. */}}
{{- define "tiepdan.imagePullSecrets" -}}
{{- range .Values.global.imagePullSecrets }}
- name: {{ . }}
{{- end }}
{{- end -}}

{{- define "tiepdan.serviceAccountName" -}}
{{- if .root.Values.serviceAccount.create -}}
{{- include "tiepdan.componentName" (dict "root" .root "svc" .svc "component" "") -}}
{{- else -}}
{{- .root.Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{- define "tiepdan.pgClusterName" -}}
{{- printf "%s-%s-pg" (include "tiepdan.fullname" .root) .svc | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{- define "tiepdan.rabbitmqName" -}}
{{- printf "%s-rabbitmq" (include "tiepdan.fullname" .) | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{/*
The environment of every tiepdan container (dict root svc). Credentials only ever come from Secrets:
with the operators the URL carries no password, which comes from the operator's Secret (PGPASSWORD, read
by libpq) or is substituted by the kubelet from variables defined just above it ($(VAR) expansion).
*/}}
{{- define "tiepdan.env" -}}
{{- $v := .root.Values -}}
{{- $ns := .root.Release.Namespace -}}
{{- $svcValues := index $v .svc -}}
- name: TIEPDAN_UNIT
  value: {{ $v.config.unit | quote }}
- name: TIEPDAN_LOG_LEVEL
  value: {{ $v.config.logLevel | quote }}
- name: TIEPDAN_MAX_BODY_BYTES
  value: {{ $v.config.maxBodyBytes | int64 | quote }}
- name: TIEPDAN_DELIVERY_LIMIT
  value: {{ $v.config.deliveryLimit | int64 | quote }}
- name: TIEPDAN_RELAY_BATCH
  value: {{ $v.config.relayBatch | int64 | quote }}
{{- with $v.config.amqpPrefix }}
- name: TIEPDAN_AMQP_PREFIX
  value: {{ . | quote }}
{{- end }}
- name: TIEPDAN_DATA_DIR
  value: /tmp/tiepdan
{{- with $v.jwt.issuer }}
- name: TIEPDAN_JWT_ISSUER
  value: {{ . | quote }}
{{- end }}
{{- with $v.jwt.audience }}
- name: TIEPDAN_JWT_AUDIENCE
  value: {{ . | quote }}
{{- end }}
{{- if $v.jwt.secretKey }}
- name: TIEPDAN_JWT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $v.jwt.existingSecret | quote }}
      key: {{ $v.jwt.secretKey | quote }}
{{- end }}
{{- if $v.jwt.publicKeyKey }}
- name: TIEPDAN_JWT_PUBLIC_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $v.jwt.existingSecret | quote }}
      key: {{ $v.jwt.publicKeyKey | quote }}
{{- end }}
{{- if $v.console.enabled }}
- name: TIEPDAN_JWT_JWKS_URL
  value: {{ printf "%s/.well-known/jwks.json" (include "tiepdan.serviceUrl" (dict "root" .root "svc" "console")) | quote }}
{{- end }}
{{- if $v.postgresql.operator.enabled }}
{{- $cluster := include "tiepdan.pgClusterName" . }}
- name: PGPASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s-app" $cluster }}
      key: password
- name: {{ printf "TIEPDAN_%s_DATABASE_URL" (upper .svc) }}
  value: {{ printf "postgresql+psycopg://%s@%s-rw.%s.svc:5432/%s" .svc $cluster $ns .svc | quote }}
{{- else }}
- name: {{ printf "TIEPDAN_%s_DATABASE_URL" (upper .svc) }}
  valueFrom:
    secretKeyRef:
      name: {{ $v.externalDatabase.existingSecret | quote }}
      key: {{ index $v.externalDatabase.urlKeys .svc | quote }}
{{- end }}
{{- if $v.rabbitmq.operator.enabled }}
{{- $rabbit := include "tiepdan.rabbitmqName" .root }}
- name: TIEPDAN_AMQP_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s-default-user" $rabbit }}
      key: username
- name: TIEPDAN_AMQP_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s-default-user" $rabbit }}
      key: password
- name: TIEPDAN_AMQP_URL
  value: {{ printf "amqp://$(TIEPDAN_AMQP_USERNAME):$(TIEPDAN_AMQP_PASSWORD)@%s.%s.svc:5672//" $rabbit $ns | quote }}
{{- else }}
- name: TIEPDAN_AMQP_URL
  valueFrom:
    secretKeyRef:
      name: {{ $v.externalRabbitmq.existingSecret | quote }}
      key: {{ $v.externalRabbitmq.urlKey | quote }}
{{- end }}
{{- if eq .svc "intake" }}
- name: TIEPDAN_INTAKE_IDENTITY_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ $v.identity.existingSecret | quote }}
      key: {{ $v.identity.keysKey | quote }}
- name: TIEPDAN_INTAKE_INDEX_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $v.identity.existingSecret | quote }}
      key: {{ $v.identity.indexKey | quote }}
- name: TIEPDAN_INTAKE_STORE_DENOUNCER_IDENTITY
  value: {{ ternary "1" "0" $v.identity.storeDenouncerIdentity | quote }}
{{- end }}
{{- if eq .svc "console" }}
{{- $root := .root }}
{{- range $api := splitList " " (include "tiepdan.apiServices" $root) }}
{{- if (index $v $api).enabled }}
- name: {{ printf "TIEPDAN_CONSOLE_%s_URL" (upper $api) }}
  value: {{ include "tiepdan.serviceUrl" (dict "root" $root "svc" $api) | quote }}
{{- end }}
{{- end }}
- name: TIEPDAN_CONSOLE_TRUSTED_PROXIES
  value: {{ $v.console.trustedProxies | int64 | quote }}
{{- with $v.console.adminPassword.existingSecret }}
- name: TIEPDAN_CONSOLE_ADMIN_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . | quote }}
      key: {{ $v.console.adminPassword.key | quote }}
{{- end }}
{{- end }}
{{- if include "tiepdan.sendsMail" . }}
{{- $smtp := $v.smtp }}
- name: TIEPDAN_SMTP_HOST
  value: {{ $smtp.host | quote }}
- name: TIEPDAN_SMTP_PORT
  value: {{ include "tiepdan.smtpPort" .root | quote }}
- name: TIEPDAN_SMTP_TLS
  value: {{ $smtp.tls | quote }}
{{- with $smtp.from }}
- name: TIEPDAN_SMTP_FROM
  value: {{ . | quote }}
{{- end }}
{{- with $smtp.fromName }}
- name: TIEPDAN_SMTP_FROM_NAME
  value: {{ . | quote }}
{{- end }}
{{- with $smtp.username }}
- name: TIEPDAN_SMTP_USER
  value: {{ . | quote }}
{{- end }}
{{- with $smtp.existingSecret }}
- name: TIEPDAN_SMTP_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . | quote }}
      key: {{ $smtp.passwordKey | quote }}
{{- end }}
{{- if or $smtp.caFile.existingSecret $smtp.caFile.existingConfigMap }}
- name: TIEPDAN_SMTP_CA_FILE
  value: {{ printf "/etc/tiepdan/smtp-ca/%s" $smtp.caFile.key | quote }}
{{- end }}
{{- end }}
{{- range $name, $value := $svcValues.env }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- range $name, $ref := $svcValues.secretEnv }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $ref.secretName | quote }}
      key: {{ $ref.key | quote }}
{{- end }}
{{- with $v.config.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Volumes every tiepdan pod mounts: the root filesystem is read-only, /tmp is not. */}}
{{- define "tiepdan.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
- name: metrics
  emptyDir:
    sizeLimit: 64Mi
{{- end -}}

{{- define "tiepdan.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: metrics
  mountPath: /tmp/metrics
{{- end -}}

{{/* "true" when the pod sends e-mail: the alerts and reports workers, once an SMTP host is set (dict root svc component). */}}
{{- define "tiepdan.sendsMail" -}}
{{- if and .root.Values.smtp.host (eq .component "worker") (has .svc (list "alerts" "reports")) -}}
true
{{- end -}}
{{- end -}}

{{/* The SMTP port: smtp.port, or the one its TLS mode implies (as tiepdan.kit.mail does). */}}
{{- define "tiepdan.smtpPort" -}}
{{- .Values.smtp.port | default (get (dict "none" 25 "starttls" 587 "tls" 465) .Values.smtp.tls) -}}
{{- end -}}

{{/* The SMTP CA bundle, read-only, for the pods that send e-mail (dict root svc component). */}}
{{- define "tiepdan.smtpCaVolume" -}}
{{- $ca := .root.Values.smtp.caFile -}}
{{- if and (include "tiepdan.sendsMail" .) (or $ca.existingSecret $ca.existingConfigMap) -}}
- name: smtp-ca
  {{- if $ca.existingSecret }}
  secret:
    secretName: {{ $ca.existingSecret | quote }}
    items:
      - key: {{ $ca.key | quote }}
        path: {{ $ca.key | quote }}
  {{- else }}
  configMap:
    name: {{ $ca.existingConfigMap | quote }}
    items:
      - key: {{ $ca.key | quote }}
        path: {{ $ca.key | quote }}
  {{- end }}
{{- end -}}
{{- end -}}

{{- define "tiepdan.smtpCaMount" -}}
{{- $ca := .root.Values.smtp.caFile -}}
{{- if and (include "tiepdan.sendsMail" .) (or $ca.existingSecret $ca.existingConfigMap) -}}
- name: smtp-ca
  mountPath: /etc/tiepdan/smtp-ca
  readOnly: true
{{- end -}}
{{- end -}}

{{/* Fail early, with a message naming the value, when a required Secret reference is missing. */}}
{{- define "tiepdan.validate" -}}
{{- $v := .Values -}}
{{- if not $v.jwt.existingSecret -}}
{{- fail "jwt.existingSecret is required: the Secret holding the JWT verification key" -}}
{{- end -}}
{{- if and (not $v.jwt.secretKey) (not $v.jwt.publicKeyKey) (not $v.console.enabled) -}}
{{- fail "set jwt.secretKey (HS256) or jwt.publicKeyKey (PEM public key), or enable the console (its JWKS)" -}}
{{- end -}}
{{- if and $v.intake.enabled (not $v.identity.existingSecret) -}}
{{- fail "identity.existingSecret is required: the Secret with intake's identity encryption and index keys" -}}
{{- end -}}
{{- if and (not $v.postgresql.operator.enabled) (not $v.externalDatabase.existingSecret) -}}
{{- fail "externalDatabase.existingSecret is required (or postgresql.operator.enabled=true)" -}}
{{- end -}}
{{- if and $v.smtp.username (not $v.smtp.existingSecret) -}}
{{- fail "smtp.existingSecret is required with smtp.username: the Secret holding the SMTP password" -}}
{{- end -}}
{{- if and $v.smtp.caFile.existingSecret $v.smtp.caFile.existingConfigMap -}}
{{- fail "set smtp.caFile.existingSecret or smtp.caFile.existingConfigMap, not both" -}}
{{- end -}}
{{- if and (not $v.rabbitmq.operator.enabled) (not $v.externalRabbitmq.existingSecret) -}}
{{- fail "externalRabbitmq.existingSecret is required (or rabbitmq.operator.enabled=true)" -}}
{{- end -}}
{{- end -}}

{{/*
Egress rules every tiepdan pod needs (dict root svc): DNS, its own PostgreSQL, and (unless `database`
only) RabbitMQ. External servers: the given peers, or the port anywhere when no peers are given.
*/}}
{{- define "tiepdan.egressRules" -}}
{{- $v := .root.Values -}}
- to:
    - namespaceSelector:
        {{- toYaml $v.networkPolicy.dns.namespaceSelector | nindent 8 }}
      podSelector:
        {{- toYaml $v.networkPolicy.dns.podSelector | nindent 8 }}
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- if $v.postgresql.operator.enabled }}
- to:
    - podSelector:
        matchLabels:
          cnpg.io/cluster: {{ include "tiepdan.pgClusterName" . }}
  ports:
    - port: 5432
      protocol: TCP
{{- else }}
- ports:
    - port: {{ $v.externalDatabase.port }}
      protocol: TCP
  {{- with $v.externalDatabase.networkPolicyPeers }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- if not .databaseOnly }}
{{- if $v.rabbitmq.operator.enabled }}
- to:
    - podSelector:
        matchLabels:
          app.kubernetes.io/name: {{ include "tiepdan.rabbitmqName" .root }}
  ports:
    - port: 5672
      protocol: TCP
{{- else }}
- ports:
    - port: {{ $v.externalRabbitmq.port }}
      protocol: TCP
  {{- with $v.externalRabbitmq.networkPolicyPeers }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The Helm hook a migrations Job (and what it needs first) runs under. */}}
{{- define "tiepdan.migrationsHook" -}}
{{- /* With the operators, the database only exists once the release's resources do: migrate right after. */ -}}
{{- ternary "post-install,pre-upgrade" "pre-install,pre-upgrade" .Values.postgresql.operator.enabled -}}
{{- end -}}


{{/*
The web pods a web pod talks to beside the Ingress (dict root svc apiWebs): the console's peers are the APIs'
web pods, an API's peer is the console's web pod.
*/}}
{{- define "tiepdan.webPeers" -}}
{{- if eq .svc "console" -}}
- podSelector:
    matchLabels:
      app.kubernetes.io/name: {{ include "tiepdan.name" .root }}
      app.kubernetes.io/instance: {{ .root.Release.Name }}
    matchExpressions:
      - key: app.kubernetes.io/component
        operator: In
        values: {{ toJson .apiWebs }}
{{- else -}}
- podSelector:
    matchLabels:
      {{- include "tiepdan.selectorLabels" (dict "root" .root "svc" "console" "component" "web") | nindent 6 }}
{{- end -}}
{{- end -}}
