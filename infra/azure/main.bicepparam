using 'main.bicep'

param namePrefix = 'chatbot'
param containerImage = 'myregistry.azurecr.io/chatbot:1.0'
param botDisplayName = 'ChatBot'
param minReplicas = 2
param maxReplicas = 4
// Shared by the replicas; set it before deploying: export DIRECTLINE_SIGNING_KEY=$(openssl rand -base64 32)
param directLineSigningKey = readEnvironmentVariable('DIRECTLINE_SIGNING_KEY')
param llmProvider = 'None'
param deployQdrant = false
