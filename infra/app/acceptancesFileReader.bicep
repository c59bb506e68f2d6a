// Read access to the acceptances file (ACCEPTANCES_FILE as a blob URL) for the app's managed identity:
// Storage Blob Data Reader, scoped to the blob's container (the narrowest scope a role assignment takes)
// and narrowed by a condition to the one blob's path, so the identity can read that file and nothing
// else there. Condition format: learn.microsoft.com/azure/role-based-access-control/conditions-format;
// the blob path attribute: learn.microsoft.com/azure/storage/blobs/storage-auth-abac-attributes.
// Deployed in the resource group of the storage account holding the file.
@description('Name of the storage account holding the acceptances file.')
param storageAccountName string

@description('Container holding the acceptances file.')
param containerName string

@description('Path of the acceptances file inside its container, e.g. acceptances.json.')
param blobPath string

@description('Principal (object) id of the app\'s user-assigned managed identity.')
param managedIdentityPrincipalId string

// Built-in role definition id (the same in every tenant).
var storageBlobDataReaderRoleId = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'

resource storageAccount 'Microsoft.Storage/storageAccounts@2022-09-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2022-09-01' existing = {
  parent: storageAccount
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2022-09-01' existing = {
  parent: blobService
  name: containerName
}

resource acceptancesFileReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(container.id, managedIdentityPrincipalId, storageBlobDataReaderRoleId, blobPath)
  scope: container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataReaderRoleId)
    principalId: managedIdentityPrincipalId
    principalType: 'ServicePrincipal'
    description: 'writeback-watch reads its acceptances file (ACCEPTANCES_FILE), only that blob.'
    conditionVersion: '2.0'
    condition: '((!(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read\'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringEquals \'${blobPath}\'))'
  }
}
