{{/*
Names, labels and the merged per-service settings used by every template.
*/}}

{{- define "crowsnest.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Prefix of every object name: the release name, plus the chart name unless it contains it. */}}
{{- define "crowsnest.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "crowsnest.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object. Call with (dict "root" $ "name" "identity" "component" "service"). */}}
{{- define "crowsnest.labels" -}}
helm.sh/chart: {{ include "crowsnest.chart" .root }}
{{ include "crowsnest.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: crowsnest
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end -}}

{{/* Selector labels: what a Service, a PDB or a NetworkPolicy selects pods by. */}}
{{- define "crowsnest.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* Labels every pod of the release carries (the deny-all NetworkPolicy selects them). */}}
{{- define "crowsnest.releaseSelector" -}}
app.kubernetes.io/part-of: crowsnest
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Upper-case environment name of a service: contact-governance -> CONTACT_GOVERNANCE. */}}
{{- define "crowsnest.envName" -}}
{{- . | upper | replace "-" "_" -}}
{{- end -}}

{{/* Deep merge of .src into .dst in place: maps merge key by key, everything else replaces. */}}
{{- define "crowsnest.mergeInto" -}}
{{- $dst := .dst -}}
{{- range $key, $value := .src -}}
{{- if and (kindIs "map" $value) (kindIs "map" (get $dst $key)) -}}
{{- include "crowsnest.mergeInto" (dict "dst" (get $dst $key) "src" $value) -}}
{{- else if kindIs "map" $value -}}
{{- $_ := set $dst $key (deepCopy $value) -}}
{{- else -}}
{{- $_ := set $dst $key $value -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
All enabled services as JSON: name -> settings (services.defaults merged with services.<name>),
plus derived fields: name, fullname (object names and DNS host), image. Templates read it with
  {{- $services := include "crowsnest.services" . | fromJson }}
Also validates the call graph: every call must target an enabled service with a gRPC port.
*/}}
{{- define "crowsnest.services" -}}
{{- $root := . -}}
{{- $fullname := include "crowsnest.fullname" . -}}
{{- $out := dict -}}
{{- range $name, $override := .Values.services -}}
{{- if ne $name "defaults" -}}
{{- $svc := deepCopy $root.Values.services.defaults -}}
{{- include "crowsnest.mergeInto" (dict "dst" $svc "src" ($override | default dict)) -}}
{{- if $svc.enabled -}}
{{- $_ := set $svc "name" $name -}}
{{- $_ := set $svc "fullname" (printf "%s-%s" $fullname $name | trunc 63 | trimSuffix "-") -}}
{{- $repository := $svc.image.repository | default (printf "%s/%s" $root.Values.image.repositoryPrefix $name) -}}
{{- $tag := $svc.image.tag | default $root.Values.image.tag | default $root.Chart.AppVersion -}}
{{- $image := printf "%s:%s" $repository $tag -}}
{{- if $root.Values.image.registry -}}
{{- $image = printf "%s/%s" (trimSuffix "/" $root.Values.image.registry) $image -}}
{{- end -}}
{{- $_ := set $svc "imageRef" $image -}}
{{- $_ := set $out $name $svc -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $name, $svc := $out -}}
{{- range $callee, $rpcs := $svc.calls -}}
{{- if not (and (kindIs "slice" $rpcs) $rpcs) -}}
{{- fail (printf "services.%s.calls.%s: list the RPCs %s calls, e.g. [GetProfile]" $name $callee $name) -}}
{{- end -}}
{{- $target := get $out $callee -}}
{{- if not $target -}}
{{- fail (printf "services.%s.calls: %q is not an enabled service (enable services.%s or remove the call)" $name $callee $callee) -}}
{{- end -}}
{{- if not $target.grpcPort -}}
{{- fail (printf "services.%s.calls: %q has no gRPC port (services.%s.grpcPort)" $name $callee $callee) -}}
{{- end -}}
{{- end -}}
{{- if and $svc.redis.enabled (not $root.Values.redis.enabled) (not $svc.existingSecret) (not (get $root.Values.externalStores.redis.uris $name)) -}}
{{- fail (printf "services.%s: redis.enabled=false (external Redis) needs services.%s.existingSecret (key redis-uri) or externalStores.redis.uris.%s" $name $name $name) -}}
{{- end -}}
{{- if and $svc.mongodb.database (not $root.Values.mongodb.enabled) (not $svc.existingSecret) (not (get $root.Values.externalStores.mongodb.uris $name)) -}}
{{- fail (printf "services.%s: mongodb.enabled=false (external MongoDB) needs services.%s.existingSecret (key mongodb-uri) or externalStores.mongodb.uris.%s" $name $name $name) -}}
{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/*
The allow-list of one called service, as CROWSNEST_SERVICE_AUTH_ALLOW reads it:
"caller=Rpc,Rpc;caller=Rpc" from every services.<caller>.calls.<service> and
serviceAuth.externalCallers.<caller>.calls.<service>; "none" when no one calls it. Call with
(dict "root" $ "services" $services "name" "identity").
*/}}
{{- define "crowsnest.allowList" -}}
{{- $entries := list -}}
{{- $name := .name -}}
{{- range $caller, $svc := .services -}}
{{- with get ($svc.calls | default dict) $name -}}
{{- $entries = append $entries (printf "%s=%s" $caller (join "," .)) -}}
{{- end -}}
{{- end -}}
{{- range $caller, $external := .root.Values.serviceAuth.externalCallers -}}
{{- with get ($external.calls | default dict) $name -}}
{{- $entries = append $entries (printf "%s=%s" $caller (join "," .)) -}}
{{- end -}}
{{- end -}}
{{- if $entries -}}{{ join ";" $entries }}{{- else -}}none{{- end -}}
{{- end -}}

{{/* Name of the Secret holding a service's store credentials. Call with the merged service. */}}
{{- define "crowsnest.serviceSecretName" -}}
{{- .existingSecret | default .fullname -}}
{{- end -}}

{{/* Whether the chart must create a service's store Secret ("true" or ""). */}}
{{- define "crowsnest.needsServiceSecret" -}}
{{- if and (not .svc.existingSecret) (or .svc.mongodb.database .svc.redis.enabled .svc.generatedSecrets) -}}true{{- end -}}
{{- end -}}

{{/* MongoDB: object names, member hosts and the Secret with the root password and keyfile. */}}
{{- define "crowsnest.mongodb.fullname" -}}
{{- printf "%s-mongodb" (include "crowsnest.fullname" .) -}}
{{- end -}}

{{- define "crowsnest.mongodb.secretName" -}}
{{- .Values.mongodb.auth.existingSecret | default (include "crowsnest.mongodb.fullname" .) -}}
{{- end -}}

{{/* Comma-separated host:port of every member (short DNS names: namespace-independent). */}}
{{- define "crowsnest.mongodb.hosts" -}}
{{- $name := include "crowsnest.mongodb.fullname" . -}}
{{- $hosts := list -}}
{{- range $i := until (int .Values.mongodb.replicas) -}}
{{- $hosts = append $hosts (printf "%s-%d.%s-headless:%d" $name $i $name (int $.Values.mongodb.port)) -}}
{{- end -}}
{{- join "," $hosts -}}
{{- end -}}

{{- define "crowsnest.mongodb.image" -}}
{{- with .Values.mongodb.image -}}
{{- if .registry }}{{ .registry }}/{{ end }}{{ .repository }}:{{ .tag }}
{{- end -}}
{{- end -}}

{{- define "crowsnest.redis.image" -}}
{{- with .Values.redis.image -}}
{{- if .registry }}{{ .registry }}/{{ end }}{{ .repository }}:{{ .tag }}
{{- end -}}
{{- end -}}

{{/*
A generated secret value that survives upgrades: the value already in the cluster (lookup) when
there is one, else a new random one. Call with (dict "root" $ "secret" name "key" key "length" n).
Without a cluster (helm template) lookup returns nothing, so a new value is generated.
*/}}
{{- define "crowsnest.keptSecret" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .secret -}}
{{- if and $existing $existing.data (hasKey $existing.data .key) -}}
{{- index $existing.data .key -}}
{{- else if eq (default "alphanumeric" .format) "versionedAes256" -}}
{{- printf "1:%s" (randBytes 32) | b64enc -}}
{{- else -}}
{{- randAlphaNum (int .length) | b64enc -}}
{{- end -}}
{{- end -}}

{{/*
A secret value the chart never generates (one you put into the Secret, e.g. a rotated-in key): the
value in the cluster when there is one, else nothing (the key is left out of the Secret).
*/}}
{{- define "crowsnest.presentSecret" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .secret -}}
{{- if and $existing $existing.data (hasKey $existing.data .key) -}}
{{- index $existing.data .key -}}
{{- end -}}
{{- end -}}

{{/*
A generated secret that data depends on (the identity hash key: every stored identifier hash is
made with it): generated only for a release that has none yet. When the service's Secret already
exists in the cluster without the key, or an upgrade finds no Secret at all, rendering fails
instead of silently generating a new key that would orphan every stored hash. Restore the Secret
from backup, or set secrets.allowNewIrreplaceable=true if the service's database is empty.
*/}}
{{- define "crowsnest.irreplaceableSecret" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .secret -}}
{{- if and $existing $existing.data (hasKey $existing.data .key) -}}
{{- index $existing.data .key -}}
{{- else if and (or $existing .root.Release.IsUpgrade) (not .root.Values.secrets.allowNewIrreplaceable) -}}
{{- fail (printf "Secret %s/%s has no key %s although this release exists: a new one would orphan every value made with the old one (e.g. every stored identifier hash). Restore the Secret from your backup, or set secrets.allowNewIrreplaceable=true only if the service's database is empty." .root.Release.Namespace .secret .key) -}}
{{- else -}}
{{- randAlphaNum (int .length) | b64enc -}}
{{- end -}}
{{- end -}}

{{/* Pod security context shared by every pod of the chart. */}}
{{- define "crowsnest.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsGroup }}
{{- if .fsGroup }}
fsGroup: {{ .fsGroup }}
fsGroupChangePolicy: OnRootMismatch
{{- end }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container security context shared by every container of the chart. */}}
{{- define "crowsnest.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
