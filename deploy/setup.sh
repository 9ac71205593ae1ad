#!/usr/bin/env bash
# One-time set-up of a Google Cloud project for aibou (README, Deploy, steps 1-3).
# Usage: PROJECT_ID=my-project REGION=asia-northeast1 deploy/setup.sh
# Safe to run again: existing resources are kept.
set -euo pipefail
: "${PROJECT_ID:?set PROJECT_ID}"
REGION="${REGION:-asia-northeast1}"
gcloud config set project "$PROJECT_ID"

# 1. App Engine and the APIs aibou calls
gcloud app describe >/dev/null 2>&1 || gcloud app create --region="$REGION"
gcloud services enable \
  appengine.googleapis.com sheets.googleapis.com calendar-json.googleapis.com \
  cloudscheduler.googleapis.com iamcredentials.googleapis.com gsuiteaddons.googleapis.com

# 2. The runtime account signs its own delegation JWTs (no key file anywhere)
RUNTIME="${PROJECT_ID}@appspot.gserviceaccount.com"
gcloud iam service-accounts add-iam-policy-binding "$RUNTIME" \
  --member="serviceAccount:${RUNTIME}" --role=roles/iam.serviceAccountTokenCreator >/dev/null

# 3. The account Cloud Scheduler calls aibou as
SCHEDULER="aibou-scheduler@${PROJECT_ID}.iam.gserviceaccount.com"
gcloud iam service-accounts describe "$SCHEDULER" >/dev/null 2>&1 ||
  gcloud iam service-accounts create aibou-scheduler --display-name="aibou Cloud Scheduler"

echo
echo "Next (README, Deploy, step 4): in the Workspace Admin console, Security > API controls >"
echo "Domain-wide delegation, add this client ID with the scopes in deploy/scopes.md:"
gcloud iam service-accounts describe "$RUNTIME" --format='value(uniqueId)'
echo "Then put ${SCHEDULER} in AIBOU_TASKS_INVOKERS (deploy/env.yaml)."
