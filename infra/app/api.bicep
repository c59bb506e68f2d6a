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

@description('Memory of one instance in MB. 512 fits the benchmark\'s per-audit peak (under 200 MiB up to 1M users); tenants with very large role-assignable groups need 2048.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 512

@description('Upper bound of instances. An audit is one run at a time (lease) and HTTP traffic is a few people, so a few instances are plenty.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 10

@description('Resource id of the subnet for virtual network integration. Empty: no integration (public outbound).')
param virtualNetworkSubnetId string = ''

@description('Add the setting App Service Authentication reads to use the managed identity instead of a client secret (federated credential). True when sign-in is deployed.')
param signInWithManagedIdentity bool = false

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
// The service URIs come from the account's own endpoints, so they are right in national clouds too
// (the __accountName form assumes the public cloud's core.windows.net).
// Flex Consumption takes the runtime from functionAppConfig, so FUNCTIONS_WORKER_RUNTIME is not set.
var hostAppSettings = {
  AzureWebJobsStorage__blobServiceUri: stg.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: stg.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: stg.properties.primaryEndpoints.table
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

// App Service Authentication reads the managed identity's client id from this setting and presents the
// identity's token as its client assertion (the app registration trusts it with a federated credential),
// so sign-in needs no client secret to store or rotate.
var signInAppSettings = signInWithManagedIdentity
  ? {
      OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID: identityClientId
    }
  : {}

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
    // Key Vault references in app settings (TEAMS_WORKFLOW_URL, WEBHOOK_SECRET) resolve as this identity.
    keyVaultAccessIdentityResourceId: identityId
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
    virtualNetworkSubnetId: !empty(virtualNetworkSubnetId) ? virtualNetworkSubnetId : null
    appSettingsKeyValuePairs: union(appSettings, hostAppSettings, signInAppSettings)
  }
}

output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_DEFAULT_HOSTNAME string = api.outputs.defaultHostname
