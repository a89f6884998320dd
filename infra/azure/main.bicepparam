using 'main.bicep'

param namePrefix = 'chatbot'
param containerImage = 'myregistry.azurecr.io/chatbot:1.0'
param botDisplayName = 'ChatBot'
param minReplicas = 2
param maxReplicas = 4
param llmProvider = 'None'
param deployQdrant = false
