targetScope = 'subscription'

// writeback-watch: a scheduled audit of password-writeback exposure on Azure Functions (Flex Consumption).
// Layout follows the azd Functions quickstart templates: one resource group, a user-assigned managed identity
// for every connection (no keys, no connection strings), one rbac.bicep for every role assignment.
// Microsoft Graph application permissions are not granted here: infra/hooks/grantGraphPermissions.ts does it
// after provisioning (azd postprovision hook), because granting them needs a directory role, not an Azure role.
// The app registration for signing in (app/signIn.bicep) is declared here, with the Microsoft Graph Bicep
// extension: creating an app registration needs only the right to register applications.

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to derive a short unique token in every resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource except the global Communication Services ones. Must offer the Flex Consumption plan.')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Alert and digest recipients: email addresses separated by , or ;. Empty: alerts and digests are only logged until you set it.')
param alertRecipients string = ''

@description('Object id of an Entra group whose members\' mail addresses also receive alerts. Empty: none.')
param alertRecipientsGroupId string = ''

@description('On-premises accounts in AD protected groups (adminCount), which password writeback cannot change: SIDs, DN patterns with * or OUs, separated by ;. Empty: none declared (such accounts are counted in reach).')
param protectedOnPremAccounts string = ''

@description('Longest an acceptance of a finding may last, in days (1 to 3650).')
@minValue(1)
@maxValue(3650)
param acceptanceMaxDays int = 180

@description('Optional acceptances file: an https blob URL (https://<account>.blob.<suffix>/<container>/<path>). The app\'s managed identity is granted Storage Blob Data Reader on that one blob, unless it is in the app\'s own storage account (where the identity holds Storage Blob Data Owner). Empty: acceptances come from the table only.')
param acceptancesFile string = ''

@description('Microsoft Teams alerts: a Key Vault reference @Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<name>/) to the Workflows webhook URL (the URL is a credential: keep it in Key Vault). Empty: Teams off.')
param teamsWorkflowUrlSetting string = ''

@description('Signed webhook alerts: the https URL alerts are POSTed to. Empty: webhook off.')
param webhookUrl string = ''

@description('Signed webhook alerts: a Key Vault reference @Microsoft.KeyVault(SecretUri=…) to the shared secret (whsec_ + base64 of 24 to 64 random bytes). Required with webhookUrl.')
param webhookSecretSetting string = ''

@description('Send every audit\'s findings and every change to Log Analytics (custom tables WritebackWatchFindings_CL and WritebackWatchChanges_CL through a data collection endpoint and rule). Default off: ingestion is billed per GB.')
param enableLogsIngestion bool = false

@description('Resource group of the storage account holding the acceptances file, when that account is not in the deployment\'s resource group. Empty: the deployment\'s resource group.')
param acceptancesFileResourceGroup string = ''

@description('NCRONTAB schedule (six fields, UTC) of the audit timer. Default: hourly.')
param auditSchedule string = '0 0 * * * *'

@description('NCRONTAB schedule (six fields, UTC) of the digest timer. Default: Mondays 08:00 UTC.')
param digestSchedule string = '0 0 8 * * 1'

@description('Password writeback as set in the Entra portal (Graph has no authoritative switch): on, off or unset. Evidence that contradicts it is reported as a critical finding.')
@allowed([
  'on'
  'off'
  'unset'
])
param writebackDeclared string = 'unset'

@description('Lowest severity of an exposure increase that sends an alert email.')
@allowed([
  'critical'
  'high'
  'medium'
  'low'
  'info'
])
param alertMinSeverity string = 'high'

@description('Per finding kind, the lowest severity of an increase that alerts (overrides alertMinSeverity): kind=severity pairs separated by ;, e.g. escalation-app-owner=medium;sspr=critical. Empty: none.')
param alertMinSeverityByKind string = ''

@minValue(1)
@description('Days snapshots are kept; older ones are purged, never the latest.')
param retentionDays int = 90

@description('Microsoft Graph root for the audited tenant, e.g. https://graph.microsoft.us (GCC High), https://dod-graph.microsoft.us (DoD), https://microsoftgraph.chinacloudapi.cn (21Vianet).')
param graphBaseUrl string = 'https://graph.microsoft.com'

@description('Entra ID authority host. Empty: the login endpoint of the cloud this deployment runs in.')
param authorityHost string = ''

@description('Link to the HTML report put in emails. Empty: the signed-in report of the deployed Function App (/api/sso/exposure), or its function-key route when sign-in is off.')
param reportUrl string = ''

@description('Deploy Entra ID sign-in: an app registration with app roles and App Service Authentication, so the report link in emails opens with single sign-on. Needs the right to register applications; the Microsoft Graph Bicep extension works in the public cloud only, so set false in national clouds.')
param enableSignIn bool = true

@description('Memory of one Function App instance in MB (Flex Consumption: 512, 2048 or 4096).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 512

@minValue(1)
@maxValue(1000)
@description('Most instances the Function App may scale out to.')
param maximumInstanceCount int = 10

@description('Reach storage only through private endpoints, with the Function App integrated in a new virtual network. Adds a virtual network, two private endpoints and two private DNS zones (README: costs).')
param vnetEnabled bool = false

@description('Where Azure Communication Services keeps its data at rest, e.g. United States, Europe, UK, Australia (the email service and the communication service share it).')
param acsDataLocation string = 'United States'

@description('Grant the built-in "Communication and Email Service Owner" role for sending email instead of creating a narrower custom role. Set true when the deploying account may assign roles but not define them (e.g. Role Based Access Control Administrator).')
param useBuiltInAcsRole bool = false

@description('Name of the resource group. Empty: rg-<environmentName>.')
param resourceGroupName string = ''

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var deploymentStorageContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'
// environment() knows each cloud's login endpoint and storage suffix, so sovereign clouds need no extra input.
// The Logs Ingestion token audience of this cloud (logs-ingestion-api-overview.md, Request headers).
var monitorAudience = environment().name == 'AzureUSGovernment'
  ? 'https://monitor.azure.us'
  : environment().name == 'AzureChinaCloud' ? 'https://monitor.azure.cn' : 'https://monitor.azure.com'
var effectiveAuthorityHost = !empty(authorityHost) ? authorityHost : environment().authentication.loginEndpoint
var tableServiceUri = 'https://${storageAccountName}.table.${environment().suffixes.storage}'
// With sign-in the report link opens the signed-in route; without it, the function-key route (which answers 401 without a key).
var reportPath = enableSignIn ? 'api/sso/exposure?format=html' : 'api/exposure?format=html'
var effectiveReportUrl = !empty(reportUrl) ? reportUrl : 'https://${functionAppName}.azurewebsites.net/${reportPath}'
// ACCEPTANCES_FILE as https://<account>.blob.<suffix>/<container>/<path>[?query]: the empty strings appended keep
// the indexes in range for any value (a path, empty), and the query (a SAS) is no part of the blob's path.
var acceptancesFileUrl = split(acceptancesFile, '?')[0]
var acceptancesFileParts = concat(split(acceptancesFileUrl, '/'), ['', '', '', ''])
var acceptancesFileAccount = toLower(split(acceptancesFileParts[2], '.')[0])
var acceptancesFileContainer = acceptancesFileParts[3]
var acceptancesFileBlobPath = join(skip(split(acceptancesFileUrl, '/'), 4), '/')
var grantAcceptancesFileRead = startsWith(toLower(acceptancesFile), 'https://') && !empty(acceptancesFileContainer) && !empty(acceptancesFileBlobPath) && acceptancesFileAccount != storageAccountName

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

// One identity for everything the app reaches: storage, Application Insights, ACS and Microsoft Graph.
module apiUserAssignedIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'apiUserAssignedIdentity'
  scope: rg
  params: {
    location: location
    tags: tags
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
  }
}

module appServicePlan 'br/public:avm/res/web/serverfarm:0.1.1' = {
  name: 'appserviceplan'
  scope: rg
  params: {
    name: '${abbrs.webServerFarms}${resourceToken}'
    sku: {
      name: 'FC1'
      tier: 'FlexConsumption'
    }
    reserved: true
    location: location
    tags: tags
  }
}

module storage 'br/public:avm/res/storage/storage-account:0.8.3' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false // identity-based connections only: no account key can be used, or leaked
    dnsEndpointType: 'Standard'
    publicNetworkAccess: vnetEnabled ? 'Disabled' : 'Enabled'
    networkAcls: vnetEnabled
      ? {
          defaultAction: 'Deny'
          bypass: 'None'
        }
      : {
          defaultAction: 'Allow'
          bypass: 'AzureServices'
        }
    blobServices: {
      containers: [{ name: deploymentStorageContainerName }]
    }
    minimumTlsVersion: 'TLS1_2'
    location: location
    tags: tags
  }
}

module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.11.1' = {
  name: '${uniqueString(deployment().name, location)}-loganalytics'
  scope: rg
  params: {
    name: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    location: location
    tags: tags
    dataRetention: 30
  }
}

module monitoring 'br/public:avm/res/insights/component:0.6.0' = {
  name: '${uniqueString(deployment().name, location)}-appinsights'
  scope: rg
  params: {
    name: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
    disableLocalAuth: true // telemetry is accepted only with the identity's Entra token
  }
}

module logsIngestion 'app/logsIngestion.bicep' = if (enableLogsIngestion) {
  name: 'logsIngestion'
  scope: rg
  params: {
    location: location
    tags: tags
    workspaceName: logAnalytics.outputs.name
    dataCollectionEndpointName: '${abbrs.insightsDataCollectionEndpoints}${resourceToken}'
    dataCollectionRuleName: '${abbrs.insightsDataCollectionRules}${resourceToken}'
  }
}

module email 'app/email.bicep' = {
  name: 'email'
  scope: rg
  params: {
    emailServiceName: '${abbrs.communicationEmailServices}${resourceToken}'
    communicationServiceName: '${abbrs.communicationCommunicationServices}${resourceToken}'
    dataLocation: acsDataLocation
    tags: tags
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: tags
    applicationInsightsName: monitoring.outputs.name
    appServicePlanId: appServicePlan.outputs.resourceId
    runtimeName: 'node'
    runtimeVersion: '22'
    storageAccountName: storage.outputs.name
    deploymentStorageContainerName: deploymentStorageContainerName
    identityId: apiUserAssignedIdentity.outputs.resourceId
    identityClientId: apiUserAssignedIdentity.outputs.clientId
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    virtualNetworkSubnetId: vnetEnabled ? network!.outputs.appSubnetId : ''
    signInWithManagedIdentity: enableSignIn
    // Every setting writeback-watch reads (shared/config.ts SETTINGS); test/infra checks this list against it.
    appSettings: {
      GRAPH_BASE_URL: graphBaseUrl
      AUTHORITY_HOST: effectiveAuthorityHost
      AZURE_CLIENT_ID: apiUserAssignedIdentity.outputs.clientId
      TENANT_ID: tenant().tenantId
      WRITEBACK_DECLARED: writebackDeclared
      AUDIT_STORAGE: '' // connection strings are for Azurite only; Azure uses the identity-based forms below
      AUDIT_STORAGE__accountName: storage.outputs.name
      AUDIT_STORAGE__tableServiceUri: tableServiceUri
      AUDIT_STORAGE__clientId: apiUserAssignedIdentity.outputs.clientId
      RETENTION_DAYS: string(retentionDays)
      AUDIT_LOOKBACK_DAYS: '30'
      LEASE_SECONDS: '1800'
      CHECK_MIN_AGE: '10m'
      ALERT_MIN_SEVERITY: alertMinSeverity
      ALERT_MIN_SEVERITY_BY_KIND: alertMinSeverityByKind
      ALERT_RECIPIENTS: alertRecipients
      ALERT_RECIPIENTS_GROUP_ID: alertRecipientsGroupId
      MAIL_FROM: email.outputs.mailFrom
      ACS_ENDPOINT: email.outputs.endpoint
      ACS_CONNECTION_STRING: '' // local development only; Azure sends with the managed identity
      REPORT_URL: effectiveReportUrl
      AUDIT_SCHEDULE: auditSchedule
      DIGEST_SCHEDULE: digestSchedule
      GRAPH_MAX_RETRIES: '5'
      PROTECTED_ONPREM_ACCOUNTS: protectedOnPremAccounts
      ACCEPTANCE_MAX_DAYS: string(acceptanceMaxDays)
      ACCEPTANCES_FILE: acceptancesFile
      TEAMS_WORKFLOW_URL: teamsWorkflowUrlSetting
      WEBHOOK_URL: webhookUrl
      WEBHOOK_SECRET: webhookSecretSetting
      LOGS_INGESTION_ENDPOINT: enableLogsIngestion ? logsIngestion!.outputs.LOGS_INGESTION_ENDPOINT : ''
      LOGS_INGESTION_RULE_ID: enableLogsIngestion ? logsIngestion!.outputs.LOGS_INGESTION_RULE_ID : ''
      LOGS_INGESTION_FINDINGS_STREAM: 'Custom-WritebackWatchFindings'
      LOGS_INGESTION_CHANGES_STREAM: 'Custom-WritebackWatchChanges'
      LOGS_INGESTION_AUDIENCE: monitorAudience
    }
  }
}

module network 'app/network.bicep' = if (vnetEnabled) {
  name: 'network'
  scope: rg
  params: {
    vnetName: '${abbrs.networkVirtualNetworks}${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    privateEndpointPrefix: '${abbrs.networkPrivateEndpoints}${resourceToken}-'
  }
}

module signIn 'app/signIn.bicep' = if (enableSignIn) {
  name: 'signIn'
  scope: rg
  params: {
    functionAppName: api.outputs.SERVICE_API_NAME
    functionAppHostName: api.outputs.SERVICE_API_DEFAULT_HOSTNAME
    registrationUniqueName: 'writeback-watch-${environmentName}-${resourceToken}'
    registrationDisplayName: 'writeback-watch (${environmentName})'
    managedIdentityPrincipalId: apiUserAssignedIdentity.outputs.principalId
    environmentName: environmentName
  }
}

module watchdog 'app/watchdog.bicep' = {
  name: 'watchdog'
  scope: rg
  params: {
    location: location
    tags: tags
    alertRuleName: '${abbrs.insightsScheduledQueryRules}no-audit-${resourceToken}'
    actionGroupName: '${abbrs.insightsActionGroups}${resourceToken}'
    applicationInsightsName: monitoring.outputs.name
    alertRecipients: alertRecipients
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbacAssignments'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    appInsightsName: monitoring.outputs.name
    communicationServiceName: email.outputs.communicationServiceName
    managedIdentityPrincipalId: apiUserAssignedIdentity.outputs.principalId
    useBuiltInAcsRole: useBuiltInAcsRole
    dataCollectionRuleName: enableLogsIngestion ? logsIngestion!.outputs.dataCollectionRuleName : ''
  }
}

// Read access to the acceptances file's one blob, in the resource group of its storage account (a role
// assignment is deployed at its resource's scope, so this one cannot sit in rbac.bicep with the others).
module acceptancesFileReader 'app/acceptancesFileReader.bicep' = if (grantAcceptancesFileRead) {
  name: 'acceptancesFileReader'
  scope: resourceGroup(!empty(acceptancesFileResourceGroup) ? acceptancesFileResourceGroup : rg.name)
  params: {
    storageAccountName: acceptancesFileAccount
    containerName: acceptancesFileContainer
    blobPath: acceptancesFileBlobPath
    managedIdentityPrincipalId: apiUserAssignedIdentity.outputs.principalId
  }
}

// Outputs land in the azd environment (.azure/<env>/.env) and in the postprovision hook's environment.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.SERVICE_API_NAME
output AZURE_FUNCTION_APP_NAME string = api.outputs.SERVICE_API_NAME
output AZURE_FUNCTION_URL string = 'https://${api.outputs.SERVICE_API_DEFAULT_HOSTNAME}'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output MANAGED_IDENTITY_PRINCIPAL_ID string = apiUserAssignedIdentity.outputs.principalId
output MANAGED_IDENTITY_CLIENT_ID string = apiUserAssignedIdentity.outputs.clientId
output MAIL_FROM string = email.outputs.mailFrom
output ACS_ENDPOINT string = email.outputs.endpoint
output GRAPH_BASE_URL string = graphBaseUrl
output REPORT_URL string = effectiveReportUrl
output SIGN_IN_CLIENT_ID string = enableSignIn ? signIn!.outputs.clientId : ''
output WATCHDOG_ALERT_RULE_ID string = watchdog.outputs.alertRuleId
output LOGS_INGESTION_ENDPOINT string = enableLogsIngestion ? logsIngestion!.outputs.LOGS_INGESTION_ENDPOINT : ''
output LOGS_INGESTION_RULE_ID string = enableLogsIngestion ? logsIngestion!.outputs.LOGS_INGESTION_RULE_ID : ''
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
