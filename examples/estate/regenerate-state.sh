#!/usr/bin/env bash
# Rewrites each environment's terraform.tfstate from its applied.tf.txt (offline: terraform_data only).
cd "$(dirname "$0")"
set -e
empty=$(mktemp); trap 'rm -f "$empty"' EXIT
export TF_CLI_CONFIG_FILE="$empty" CHECKPOINT_DISABLE=1
for env in development staging production; do
  w=$(mktemp -d); cp $env/applied.tf.txt $w/main.tf
  (cd $w && terraform init -input=false -no-color >/dev/null && terraform apply -auto-approve -input=false -no-color >/dev/null)
  cp $w/terraform.tfstate $env/terraform.tfstate; rm -rf $w
done
