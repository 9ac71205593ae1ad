#!/usr/bin/env bash
# Create or update the Cloud Tasks queue that fans a large rotation's invitations out (DESIGN §9),
# and let the App Engine runtime account queue tasks whose OIDC tokens name itself.
# Usage: PROJECT_ID=my-project deploy/queue.sh   then set AIBOU_TASKS_QUEUE to the name it prints.
#
# Rate: each task carries 100 groups (about 100 Calendar calls) and is paced in the instance
# below AIBOU_CALENDAR_RATE (500 a minute); one task at a time, at most ~5 a minute, keeps the
# organiser under Google's 600 a minute. Retries: a refused or failed task waits a quota window
# or more before it is tried again; every retry is safe (deterministic event ids).
set -euo pipefail
: "${PROJECT_ID:?set PROJECT_ID}"
REGION="${REGION:-asia-northeast1}"
QUEUE="${QUEUE:-aibou-invites}"
RUNTIME="${PROJECT_ID}@appspot.gserviceaccount.com"
args=(
  --location="$REGION"
  --max-concurrent-dispatches=1 --max-dispatches-per-second=0.08
  --max-attempts=20 --min-backoff=60s --max-backoff=600s --max-doublings=4
)
if gcloud tasks queues describe "$QUEUE" --location="$REGION" >/dev/null 2>&1; then
  gcloud tasks queues update "$QUEUE" "${args[@]}"
else
  gcloud tasks queues create "$QUEUE" "${args[@]}"
fi
gcloud projects add-iam-policy-binding "$PROJECT_ID" \
  --member="serviceAccount:$RUNTIME" --role=roles/cloudtasks.enqueuer --condition=None >/dev/null
gcloud iam service-accounts add-iam-policy-binding "$RUNTIME" \
  --member="serviceAccount:$RUNTIME" --role=roles/iam.serviceAccountUser >/dev/null
echo "AIBOU_TASKS_QUEUE: projects/$PROJECT_ID/locations/$REGION/queues/$QUEUE"
echo "Add $RUNTIME to AIBOU_TASKS_INVOKERS: tasks carry OIDC tokens for it."
