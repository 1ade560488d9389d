#!/bin/sh
# vmalert: evaluates the shipped rule files against VictoriaMetrics and sends
# alerts to Alertmanager; recording rules and alert state go back to the
# store, so a restart does not forget what was firing. Set the three URLs.
set -eu
: "${VM_URL:=http://victoria-metrics:8428}"
: "${ALERTMANAGER_URL:=http://alertmanager:9093}"
: "${RULES_DIR:=$(dirname "$0")/../rules}"
exec vmalert \
  -rule="$RULES_DIR/*.yml" \
  -datasource.url="$VM_URL" \
  -remoteWrite.url="$VM_URL" \
  -remoteRead.url="$VM_URL" \
  -notifier.url="$ALERTMANAGER_URL" \
  -evaluationInterval=15s \
  -external.label=monitor=breakout-fleet \
  "$@"
