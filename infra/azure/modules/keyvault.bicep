// Key Vault holding the bot's secrets, readable by the bot's identity only (RBAC: Key Vault Secrets User).
param location string
param namePrefix string
param identityPrincipalId string

@description('Empty until the Azure Bot\'s Web Chat site exists: then stored, and the bot reads it from here.')
@secure()
param directLineSecret string

@description('The key the replicas sign Direct Line tokens with.')
@secure()
param directLineSigningKey string

@secure()
param llmApiKey string

// Whether each secret is given, as plain flags: an output must not be computed from a secure value.
param storeDirectLineSecret bool
param storeLlmApiKey bool

@description('The Azure Cache for Redis whose connection string (StackExchange.Redis format, TLS) the vault keeps.')
param redisName string

// Key Vault names are global and at most 24 characters.
var vaultName = take('${namePrefix}-kv-${uniqueString(resourceGroup().id)}', 24)
var secretsUserRole = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource directLine 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (storeDirectLineSecret) {
  parent: vault
  name: 'directline-secret'
  properties: { value: directLineSecret }
}

resource signingKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'directline-signing-key'
  properties: { value: directLineSigningKey }
}

resource llmKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (storeLlmApiKey) {
  parent: vault
  name: 'llm-api-key'
  properties: { value: llmApiKey }
}

resource cache 'Microsoft.Cache/redis@2024-03-01' existing = {
  name: redisName
}

resource redis 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'redis-connection'
  properties: {
    value: '${cache.properties.hostName}:${cache.properties.sslPort},password=${cache.listKeys().primaryKey},ssl=True,abortConnect=False'
  }
}

resource readSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityPrincipalId, secretsUserRole)
  scope: vault
  properties: {
    roleDefinitionId: secretsUserRole
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output vaultUri string = vault.properties.vaultUri
output directLineSecretUri string = !storeDirectLineSecret ? '' : '${vault.properties.vaultUri}secrets/directline-secret'
output directLineSigningKeyUri string = '${vault.properties.vaultUri}secrets/directline-signing-key'
output llmApiKeyUri string = !storeLlmApiKey ? '' : '${vault.properties.vaultUri}secrets/llm-api-key'
output redisConnectionUri string = '${vault.properties.vaultUri}secrets/redis-connection'
