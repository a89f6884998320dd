// ChatBot on Azure: Container Apps (two or more instances sharing Azure Cache for Redis), a user-assigned managed
// identity as the bot's identity, an Azure Bot with Teams and Direct Line, Key Vault for secrets, Log Analytics and
// Application Insights, and optionally Qdrant as a container app with a persistent volume. See README.md here.
targetScope = 'resourceGroup'

@description('Azure region of every resource but the bot (global).')
param location string = resourceGroup().location

@description('Prefix of every resource name: lowercase letters, digits and hyphens.')
@minLength(3)
@maxLength(12)
param namePrefix string = 'chatbot'

@description('The bot image, e.g. myregistry.azurecr.io/chatbot:1.0 (built with infra/Dockerfile).')
param containerImage string

@description('The bot\'s name as Teams and Web Chat show it.')
param botDisplayName string = 'ChatBot'

@minValue(1)
param minReplicas int = 2

@minValue(1)
param maxReplicas int = 4

@description('The Direct Line secret of the Azure Bot\'s Web Chat site, once known (empty on the first deployment).')
@secure()
param directLineSecret string = ''

@description('The key the replicas sign and check Direct Line tokens with, base64 of 32 random bytes (openssl rand -base64 32): every replica checks the tokens the others issue.')
@secure()
@minLength(44)
param directLineSigningKey string

@allowed(['None', 'OpenAI', 'AzureOpenAI', 'Ollama'])
param llmProvider string = 'None'

param llmEndpoint string = ''
param llmModel string = ''

@secure()
param llmApiKey string = ''

@description('Run Qdrant as a container app (data on an Azure Files share) instead of the embedded store.')
param deployQdrant bool = false

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-identity'
  location: location
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { location: location, namePrefix: namePrefix }
}

module redis 'modules/redis.bicep' = {
  name: 'redis'
  params: { location: location, namePrefix: namePrefix }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    namePrefix: namePrefix
    identityPrincipalId: identity.properties.principalId
    directLineSecret: directLineSecret
    directLineSigningKey: directLineSigningKey
    llmApiKey: llmApiKey
    storeDirectLineSecret: !empty(directLineSecret)
    storeLlmApiKey: !empty(llmApiKey)
    redisName: redis.outputs.name
  }
}

module apps 'modules/containerapps.bicep' = {
  name: 'containerapps'
  params: {
    location: location
    namePrefix: namePrefix
    workspaceName: monitoring.outputs.workspaceName
    identityId: identity.id
    identityClientId: identity.properties.clientId
    containerImage: containerImage
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    insightsConnectionString: monitoring.outputs.insightsConnectionString
    redisConnectionUri: vault.outputs.redisConnectionUri
    directLineSecretUri: vault.outputs.directLineSecretUri
    directLineSigningKeyUri: vault.outputs.directLineSigningKeyUri
    llmApiKeyUri: vault.outputs.llmApiKeyUri
    llmProvider: llmProvider
    llmEndpoint: llmEndpoint
    llmModel: llmModel
    deployQdrant: deployQdrant
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    namePrefix: namePrefix
    displayName: botDisplayName
    identityId: identity.id
    identityClientId: identity.properties.clientId
    messagingEndpoint: 'https://${apps.outputs.botFqdn}/api/messages'
  }
}

output botHost string = apps.outputs.botFqdn
output botName string = bot.outputs.botName
output botAppId string = identity.properties.clientId
