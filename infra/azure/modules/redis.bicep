// Azure Cache for Redis: the state every bot instance shares (conversations, Direct Line, feedback, rate limits).
param location string
param namePrefix string

@allowed(['Basic', 'Standard', 'Premium'])
param skuName string = 'Standard'
param capacity int = 0

resource cache 'Microsoft.Cache/redis@2024-03-01' = {
  name: '${namePrefix}-redis-${uniqueString(resourceGroup().id)}'
  location: location
  properties: {
    sku: { name: skuName, family: skuName == 'Premium' ? 'P' : 'C', capacity: capacity }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    redisConfiguration: { 'maxmemory-policy': 'volatile-lru' }
  }
}

output name string = cache.name
