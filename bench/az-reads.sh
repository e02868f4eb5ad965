#!/usr/bin/env bash
# The reads `dicom-cmk validate-key --service` makes, as an Azure CLI script makes them: the DICOM service
# (for its key URL), then the key, its versions, the vault, the identity's role assignments and Resource
# Health. `az rest` throughout (Debian's az 2.45 lacks a module its `keyvault key` commands need; `az rest
# --resource` reads keys fine). Expects an `az login`ed AZURE_CONFIG_DIR, AZURE_SUBSCRIPTION_ID and the
# sandbox's names; appends "<read> <seconds>" lines to $AZ_TIMES when set.
set -euo pipefail
sub="$AZURE_SUBSCRIPTION_ID"
arm="https://management.sandbox.test"
svc="/subscriptions/$sub/resourceGroups/demo-rg/providers/Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom"

timed() {
  local name="$1"; shift
  local t0="$EPOCHREALTIME"
  "$@"
  if [ -n "${AZ_TIMES:-}" ]; then
    awk -v n="$name" -v a="$EPOCHREALTIME" -v b="$t0" 'BEGIN { printf "%s %.3f\n", n, a - b }' >> "$AZ_TIMES"
  fi
}

service="$(timed service az rest --method get --url "$arm$svc?api-version=2024-03-31" \
  --query '[properties.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl, identity.principalId]' -o tsv)"
key_url="$(echo "$service" | sed -n 1p)"
principal="$(echo "$service" | sed -n 2p)"
vault_host="${key_url#https://}"; vault_host="${vault_host%%/*}"
key_path="${key_url#https://"$vault_host"}"
key_name="$(echo "$key_path" | cut -d/ -f3)"
vault_name="${vault_host%%.*}"

timed key az rest --method get --resource https://vault.sandbox.test \
  --url "https://$vault_host$key_path?api-version=7.4" -o none
timed versions az rest --method get --resource https://vault.sandbox.test \
  --url "https://$vault_host/keys/$key_name/versions?api-version=7.4" -o none
timed vault az rest --method get \
  --url "$arm/subscriptions/$sub/resourceGroups/demo-rg/providers/Microsoft.KeyVault/vaults/$vault_name?api-version=2024-11-01" -o none
timed role-assignments az rest --method get \
  --url "$arm/subscriptions/$sub/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&\$filter=principalId%20eq%20'$principal'" -o none
timed resource-health az rest --method get \
  --url "$arm$svc/providers/Microsoft.ResourceHealth/availabilityStatuses/current?api-version=2025-04-01" -o none
