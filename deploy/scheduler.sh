#!/usr/bin/env bash
# Create or update the daily Cloud Scheduler job that calls POST /tasks/rotate with an OIDC token.
# Usage: PROJECT_ID=my-project APP_URL=https://my-project.an.r.appspot.com deploy/scheduler.sh
# aibou acts only when a new period is due, so a daily call is cheap and safe to repeat.
set -euo pipefail
: "${PROJECT_ID:?set PROJECT_ID}" "${APP_URL:?set APP_URL (AIBOU_PUBLIC_URL)}"
REGION="${REGION:-asia-northeast1}"
SCHEDULE="${SCHEDULE:-0 9 * * *}"   # every day at 09:00 ...
TIME_ZONE="${TIME_ZONE:-Asia/Tokyo}" # ... Tokyo time
SCHEDULER="aibou-scheduler@${PROJECT_ID}.iam.gserviceaccount.com"
URI="${APP_URL%/}/tasks/rotate"
args=(
  --location="$REGION" --schedule="$SCHEDULE" --time-zone="$TIME_ZONE"
  --uri="$URI" --http-method=POST
  --oidc-service-account-email="$SCHEDULER" --oidc-token-audience="$URI"
  --attempt-deadline=600s --max-retry-attempts=5 --min-backoff=120s --max-backoff=1h
)
if gcloud scheduler jobs describe aibou-rotate --location="$REGION" >/dev/null 2>&1; then
  gcloud scheduler jobs update http aibou-rotate "${args[@]}"
else
  gcloud scheduler jobs create http aibou-rotate "${args[@]}"
fi
echo "Scheduled: $SCHEDULE ($TIME_ZONE) -> $URI as $SCHEDULER"
echo "Try it now: gcloud scheduler jobs run aibou-rotate --location=$REGION"
