// Every Azure role assignment of the app's managed identity, each scoped to the one resource it needs.
// (Microsoft Graph permissions are directory app-role assignments, granted by infra/hooks/grantGraphPermissions.ts.)
@description('Storage account holding the deployment package, the host\'s blobs and the audit tables.')
param storageAccountName string

@description('Application Insights component the app sends telemetry to.')
param appInsightsName string

@description('Communication Service the app sends email through.')
param communicationServiceName string

@description('Principal (object) id of the app\'s user-assigned managed identity.')
param managedIdentityPrincipalId string

@description('Use the built-in "Communication and Email Service Owner" role instead of the narrower custom role.')
param useBuiltInAcsRole bool = false

@description('Data collection rule the app uploads findings and changes to (Logs Ingestion). Empty: not deployed.')
param dataCollectionRuleName string = ''

// Built-in role definition ids (the same in every tenant).
var storageBlobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'
var communicationAndEmailServiceOwnerRoleId = '09976791-48a7-449e-bb21-39d1a415f350'

resource storageAccount 'Microsoft.Storage/storageAccounts@2022-09-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' existing = {
  name: communicationServiceName
}

resource dataCollectionRule 'Microsoft.Insights/dataCollectionRules@2023-03-11' existing = if (!empty(dataCollectionRuleName)) {
  name: dataCollectionRuleName
}

// Blob: Flex Consumption reads the deployment package, and the host keeps timer status and locks in blobs.
resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, managedIdentityPrincipalId, storageBlobDataOwnerRoleId)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwnerRoleId)
    principalId: managedIdentityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Table: snapshots, changes, outbox, state and alerted (AUDIT_STORAGE__*).
resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, managedIdentityPrincipalId, storageTableDataContributorRoleId)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: managedIdentityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// No Storage Queue Data Contributor: only timer and HTTP triggers run here, and neither uses host queues.

// Application Insights with local auth disabled accepts telemetry only from identities holding this role.
resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, managedIdentityPrincipalId, monitoringMetricsPublisherRoleId)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: managedIdentityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Logs Ingestion: the identity uploading to a DCR holds Monitoring Metrics Publisher on that DCR
// ("Logs Ingestion API in Azure Monitor", Configuration: learn.microsoft.com/azure/azure-monitor/logs/logs-ingestion-api-overview).
resource dcrMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(dataCollectionRuleName)) {
  name: guid(dataCollectionRule.id, managedIdentityPrincipalId, monitoringMetricsPublisherRoleId)
  scope: dataCollectionRule
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: managedIdentityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Sending email with an Entra token. No built-in role is limited to sending: the documented one,
// "Communication and Email Service Owner", allows every Communication and Email operation. Microsoft's
// ACS Email documentation names the three actions sending needs; this custom role holds only those,
// is assignable only in this resource group, and is assigned only on the Communication Service.
resource acsEmailSenderRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (!useBuiltInAcsRole) {
  name: guid(resourceGroup().id, 'writeback-watch-acs-email-sender')
  properties: {
    // Role names are unique in the tenant; the suffix keeps two deployments from colliding.
    roleName: 'writeback-watch ACS Email Sender ${uniqueString(resourceGroup().id)}'
    description: 'Send email through Azure Communication Services with Entra ID authentication; nothing else.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.Communication/CommunicationServices/Read'
          'Microsoft.Communication/CommunicationServices/Write'
          'Microsoft.Communication/EmailServices/write'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
  }
}

var acsRoleDefinitionId = useBuiltInAcsRole
  ? subscriptionResourceId('Microsoft.Authorization/roleDefinitions', communicationAndEmailServiceOwnerRoleId)
  : acsEmailSenderRole.id

resource acsEmailSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communicationService.id, managedIdentityPrincipalId, useBuiltInAcsRole ? 'builtin' : 'custom')
  scope: communicationService
  properties: {
    roleDefinitionId: acsRoleDefinitionId
    principalId: managedIdentityPrincipalId
    principalType: 'ServicePrincipal'
  }
}
