// Azure Monitor Logs Ingestion for writeback-watch: two custom tables in the app's Log Analytics workspace,
// a data collection endpoint (DCE) and a data collection rule (DCR) whose streams the app uploads to
// (shared/notify/channels/logs). Follows "Logs Ingestion API in Azure Monitor" (learn.microsoft.com/azure/
// azure-monitor/logs/logs-ingestion-api-overview): the tables exist before the DCR that writes to them,
// custom tables end in _CL, a DCR stream is named Custom-<name>, outputStream is Custom-<table>, and the
// identity that uploads holds Monitoring Metrics Publisher on the DCR (infra/app/rbac.bicep).
// The stream columns are the rows the app builds (ingestionRows.ts); the local stand-in reads them from here.
// A DCE is deployed, not only the DCR's own endpoint: it is what a private link (AMPLS) setup needs.

@description('Region of the DCE and DCR: the workspace\'s region (the DCR must match it).')
param location string

@description('Tags for every resource.')
param tags object = {}

@description('Name of the existing Log Analytics workspace that gets the tables.')
param workspaceName string

@description('Name of the data collection endpoint.')
param dataCollectionEndpointName string

@description('Name of the data collection rule.')
param dataCollectionRuleName string

@description('Days the two tables keep their rows (interactive retention).')
@minValue(4)
@maxValue(730)
param retentionInDays int = 90

resource workspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' existing = {
  name: workspaceName
}

// Reserved column names (TenantId, Type, id, Title, …) are avoided: hence EntraTenantId and FindingTitle.
var findingsColumns = [
  { name: 'TimeGenerated', type: 'datetime' }
  { name: 'RecordId', type: 'string' }
  { name: 'EntraTenantId', type: 'string' }
  { name: 'SnapshotId', type: 'string' }
  { name: 'FindingKey', type: 'string' }
  { name: 'FindingKind', type: 'string' }
  { name: 'Severity', type: 'string' }
  { name: 'FindingTitle', type: 'string' }
  { name: 'PrincipalId', type: 'string' }
  { name: 'PrincipalType', type: 'string' }
  { name: 'PrincipalName', type: 'string' }
  { name: 'PrincipalUpn', type: 'string' }
  { name: 'RoleTemplateId', type: 'string' }
  { name: 'RoleName', type: 'string' }
  { name: 'Scope', type: 'string' }
  { name: 'Assignment', type: 'string' }
  { name: 'ReachSyncedUsers', type: 'long' }
  { name: 'Potential', type: 'boolean' }
  { name: 'WritebackState', type: 'string' }
  { name: 'Remediation', type: 'string' }
]

var changesColumns = [
  { name: 'TimeGenerated', type: 'datetime' }
  { name: 'RecordId', type: 'string' }
  { name: 'EntraTenantId', type: 'string' }
  { name: 'FromSnapshotId', type: 'string' }
  { name: 'ToSnapshotId', type: 'string' }
  { name: 'ChangeKey', type: 'string' }
  { name: 'ChangeType', type: 'string' }
  { name: 'Direction', type: 'string' }
  { name: 'Severity', type: 'string' }
  { name: 'Summary', type: 'string' }
  { name: 'Rule', type: 'string' }
  { name: 'FindingKind', type: 'string' }
  { name: 'PrincipalId', type: 'string' }
  { name: 'RoleTemplateId', type: 'string' }
  { name: 'Scope', type: 'string' }
  { name: 'ReachBefore', type: 'long' }
  { name: 'ReachAfter', type: 'long' }
  { name: 'Remediation', type: 'string' }
  { name: 'FoldedChanges', type: 'long' }
]

// The tables API spells the date type dateTime; a DCR stream declaration spells it datetime.
var findingsTableColumns = map(findingsColumns, c => { name: c.name, type: c.type == 'datetime' ? 'dateTime' : c.type })
var changesTableColumns = map(changesColumns, c => { name: c.name, type: c.type == 'datetime' ? 'dateTime' : c.type })

resource findingsTable 'Microsoft.OperationalInsights/workspaces/tables@2022-10-01' = {
  parent: workspace
  name: 'WritebackWatchFindings_CL'
  properties: {
    plan: 'Analytics'
    retentionInDays: retentionInDays
    schema: {
      name: 'WritebackWatchFindings_CL'
      columns: findingsTableColumns
    }
  }
}

resource changesTable 'Microsoft.OperationalInsights/workspaces/tables@2022-10-01' = {
  parent: workspace
  name: 'WritebackWatchChanges_CL'
  properties: {
    plan: 'Analytics'
    retentionInDays: retentionInDays
    schema: {
      name: 'WritebackWatchChanges_CL'
      columns: changesTableColumns
    }
  }
}

resource dataCollectionEndpoint 'Microsoft.Insights/dataCollectionEndpoints@2023-03-11' = {
  name: dataCollectionEndpointName
  location: location
  tags: tags
  properties: {
    networkAcls: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

resource dataCollectionRule 'Microsoft.Insights/dataCollectionRules@2023-03-11' = {
  name: dataCollectionRuleName
  location: location
  tags: tags
  properties: {
    description: 'writeback-watch: every audit\'s findings and every change of password-writeback exposure.'
    dataCollectionEndpointId: dataCollectionEndpoint.id
    streamDeclarations: {
      'Custom-WritebackWatchFindings': {
        columns: findingsColumns
      }
      'Custom-WritebackWatchChanges': {
        columns: changesColumns
      }
    }
    destinations: {
      logAnalytics: [
        {
          name: 'workspace'
          workspaceResourceId: workspace.id
        }
      ]
    }
    dataFlows: [
      {
        streams: ['Custom-WritebackWatchFindings']
        destinations: ['workspace']
        transformKql: 'source'
        outputStream: 'Custom-WritebackWatchFindings_CL'
      }
      {
        streams: ['Custom-WritebackWatchChanges']
        destinations: ['workspace']
        transformKql: 'source'
        outputStream: 'Custom-WritebackWatchChanges_CL'
      }
    ]
  }
  dependsOn: [
    findingsTable
    changesTable
  ]
}

output LOGS_INGESTION_ENDPOINT string = dataCollectionEndpoint.properties.logsIngestion.endpoint
output LOGS_INGESTION_RULE_ID string = dataCollectionRule.properties.immutableId
output dataCollectionRuleName string = dataCollectionRule.name
