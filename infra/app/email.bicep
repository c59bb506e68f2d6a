// Azure Communication Services Email: an Email Communication Service with an Azure-managed domain
// (<guid>.azurecomm.net, verified at creation, no DNS work) and the Communication Service the app sends
// through, linked to that domain. Sending is authorised by Entra ID only (rbac.bicep).
// No senderUsernames resource: an Azure-managed domain comes with its DoNotReply sender, and creating or
// updating sender usernames on such a domain through ARM is refused (Forbidden); the app sends as that
// built-in sender.
@description('Name of the Email Communication Service.')
param emailServiceName string

@description('Name of the Communication Service the app sends through.')
param communicationServiceName string

@description('Data location of both services; they must match for the domain link to be accepted.')
param dataLocation string

@description('Tags for every resource.')
param tags object = {}

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource managedDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled' // no tracking pixels in security alerts
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    disableLocalAuth: true // no access keys: the managed identity is the only way to send
    linkedDomains: [
      managedDomain.id
    ]
  }
}

output communicationServiceName string = communicationService.name
output endpoint string = 'https://${communicationService.properties.hostName}'
// The built-in sender of every Azure-managed domain.
output mailFrom string = 'DoNotReply@${managedDomain.properties.fromSenderDomain}'
