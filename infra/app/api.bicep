// The Function App on a Flex Consumption plan, running as the user-assigned managed identity.
@description('Name of the Function App.')
param name string

@description('Region of the Function App.')
param location string = resourceGroup().location

@description('Tags for the Function App (azd-service-name is added).')
param tags object = {}

@description('Name of the Application Insights component the app reports to.')
param applicationInsightsName string

@description('Resource id of the Flex Consumption (FC1) plan.')
param appServicePlanId string

@description('writeback-watch settings (shared/config.ts SETTINGS), merged with the host settings below.')
param appSettings object = {}

@description('Language runtime of the app.')
param runtimeName string

@description('Runtime version, e.g. 22.')
param runtimeVersion string

@description('azd service name in azure.yaml.')
param serviceName string = 'api'

@description('Storage account for the host (timer locks) and for the deployment package.')
param storageAccountName string

@description('Blob container that holds the deployment package.')
param deploymentStorageContainerName string

@description('Memory of one instance in MB.')
param instanceMemoryMB int = 2048

@description('Upper bound of instances. An audit is one run at a time (lease), so a few instances are plenty.')
param maximumInstanceCount int = 40

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

resource stg 'Microsoft.Storage/storageAccounts@2022-09-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// The Functions host's own settings. Identity-based AzureWebJobsStorage: the host keeps timer schedule
// status and singleton locks in blobs; timers and HTTP triggers need no queues or tables of the host.
// Flex Consumption takes the runtime from functionAppConfig, so FUNCTIONS_WORKER_RUNTIME is not set.
var hostAppSettings = {
  AzureWebJobsStorage__accountName: stg.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

module api 'br/public:avm/res/web/site:0.15.1' = {
  name: '${serviceName}-flex-consumption'
  params: {
    kind: 'functionapp,linux'
    name: name
    location: location
    tags: union(tags, { 'azd-service-name': serviceName })
    serverFarmResourceId: appServicePlanId
    managedIdentities: {
      systemAssigned: false
      userAssignedResourceIds: [
        identityId
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${stg.properties.primaryEndpoints.blob}${deploymentStorageContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
    siteConfig: {
      alwaysOn: false
      minTlsVersion: '1.2'
    }
    httpsOnly: true
    appSettingsKeyValuePairs: union(appSettings, hostAppSettings)
  }
}

output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_DEFAULT_HOSTNAME string = api.outputs.defaultHostname
