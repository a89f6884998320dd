// The Container Apps environment, the bot (two or more replicas sharing Redis) and, optionally, Qdrant with its data
// on an Azure Files share. Secrets come from Key Vault through the bot's user-assigned identity.
param location string
param namePrefix string
param workspaceName string
param identityId string
param identityClientId string
param containerImage string
param minReplicas int
param maxReplicas int
param insightsConnectionString string
param redisConnectionUri string
param directLineSecretUri string
param directLineSigningKeyUri string
param llmApiKeyUri string
param llmProvider string
param llmEndpoint string
param llmModel string
param deployQdrant bool

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${namePrefix}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = if (deployQdrant) {
  name: take('${replace(namePrefix, '-', '')}qd${uniqueString(resourceGroup().id)}', 24)
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
  }
}

resource fileService 'Microsoft.Storage/storageAccounts/fileServices@2023-05-01' = if (deployQdrant) {
  parent: storage
  name: 'default'
}

resource share 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = if (deployQdrant) {
  parent: fileService
  name: 'qdrant-storage'
  properties: { shareQuota: 100 }
}

resource qdrantStorage 'Microsoft.App/managedEnvironments/storages@2024-03-01' = if (deployQdrant) {
  parent: environment
  name: 'qdrant-storage'
  properties: {
    azureFile: {
      accountName: storage.name
      accountKey: storage!.listKeys().keys[0].value
      shareName: share.name
      accessMode: 'ReadWrite'
    }
  }
}

// Qdrant is reachable inside the environment only (no external ingress), over gRPC on 6334.
resource qdrant 'Microsoft.App/containerApps@2024-03-01' = if (deployQdrant) {
  name: '${namePrefix}-qdrant'
  location: location
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      ingress: {
        external: false
        targetPort: 6334
        transport: 'http2'
      }
    }
    template: {
      containers: [
        {
          name: 'qdrant'
          image: 'docker.io/qdrant/qdrant:v1.19.0'
          resources: { cpu: json('1.0'), memory: '2Gi' }
          volumeMounts: [{ volumeName: 'storage', mountPath: '/qdrant/storage' }]
        }
      ]
      volumes: [{ name: 'storage', storageType: 'AzureFile', storageName: qdrantStorage.name }]
      scale: { minReplicas: 1, maxReplicas: 1 }
    }
  }
}

var keyVaultSecrets = concat(
  [
    { name: 'redis-connection', keyVaultUrl: redisConnectionUri, identity: identityId }
    { name: 'directline-signing-key', keyVaultUrl: directLineSigningKeyUri, identity: identityId }
  ],
  empty(directLineSecretUri) ? [] : [{ name: 'directline-secret', keyVaultUrl: directLineSecretUri, identity: identityId }],
  empty(llmApiKeyUri) ? [] : [{ name: 'llm-api-key', keyVaultUrl: llmApiKeyUri, identity: identityId }]
)

var settings = concat(
  [
    { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
    { name: 'MicrosoftAppId', value: identityClientId }
    { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
    { name: 'ConnectionStrings__Redis', secretRef: 'redis-connection' }
    { name: 'DirectLine__SigningKey', secretRef: 'directline-signing-key' }
    { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insightsConnectionString }
    { name: 'Llm__Provider', value: llmProvider }
  ],
  empty(directLineSecretUri) ? [] : [{ name: 'DirectLine__Secret', secretRef: 'directline-secret' }],
  empty(llmApiKeyUri) ? [] : [{ name: 'Llm__ApiKey', secretRef: 'llm-api-key' }],
  empty(llmEndpoint) ? [] : [{ name: 'Llm__Endpoint', value: llmEndpoint }],
  empty(llmModel) ? [] : [{ name: 'Llm__Model', value: llmModel }],
  deployQdrant
    ? [
        { name: 'VectorStore__Provider', value: 'Qdrant' }
        // Inside the environment an app's ingress answers on port 80 under the app's name, forwarded to its 6334.
        { name: 'VectorStore__Qdrant__Endpoint', value: 'http://${namePrefix}-qdrant:80' }
      ]
    : []
)

resource bot 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${namePrefix}-bot'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      secrets: keyVaultSecrets
      ingress: {
        external: true
        targetPort: 3978
        transport: 'auto'
        allowInsecure: false
      }
    }
    template: {
      containers: [
        {
          name: 'bot'
          image: containerImage
          resources: { cpu: json('1.0'), memory: '2Gi' }
          env: settings
          probes: [
            { type: 'Liveness', httpGet: { path: '/healthz', port: 3978 }, periodSeconds: 10 }
            { type: 'Readiness', httpGet: { path: '/readyz', port: 3978 }, periodSeconds: 5 }
            { type: 'Startup', httpGet: { path: '/healthz', port: 3978 }, periodSeconds: 2, failureThreshold: 60 }
          ]
        }
      ]
      scale: { minReplicas: minReplicas, maxReplicas: maxReplicas }
    }
  }
}

output botFqdn string = bot.properties.configuration.ingress.fqdn
