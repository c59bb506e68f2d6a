// Optional private networking (VNET_ENABLED=true): a virtual network with a subnet delegated to the
// Function App (outbound virtual network integration) and a subnet for private endpoints, plus a
// private endpoint and private DNS zone for each storage service the app uses (blob: deployment
// package and host locks; table: the audit tables). main.bicep then turns the storage account's
// public network access off. Azure Verified Modules at the versions the azd Flex Consumption
// quickstart templates use.
@description('Name of the virtual network.')
param vnetName string

@description('Region of the virtual network and the private endpoints.')
param location string = resourceGroup().location

@description('Tags for every resource.')
param tags object = {}

@description('Name of the storage account reached through private endpoints.')
param storageAccountName string

@description('Prefix of the private endpoint names.')
param privateEndpointPrefix string

var appSubnetName = 'app'
var privateEndpointSubnetName = 'private-endpoints'
// The storage services behind a private endpoint each: blob and table (the app uses no queues or files).
var storageServices = [
  'blob'
  'table'
]

resource storageAccount 'Microsoft.Storage/storageAccounts@2022-09-01' existing = {
  name: storageAccountName
}

module vnet 'br/public:avm/res/network/virtual-network:0.6.1' = {
  name: 'vnet'
  params: {
    name: vnetName
    location: location
    tags: tags
    addressPrefixes: [
      '10.0.0.0/16'
    ]
    subnets: [
      {
        name: privateEndpointSubnetName
        addressPrefix: '10.0.1.0/24'
        privateEndpointNetworkPolicies: 'Disabled'
      }
      {
        // Flex Consumption integrates with a subnet delegated to Microsoft.App/environments.
        name: appSubnetName
        addressPrefix: '10.0.2.0/24'
        delegation: 'Microsoft.App/environments'
      }
    ]
  }
}

module dnsZones 'br/public:avm/res/network/private-dns-zone:0.7.1' = [
  for service in storageServices: {
    name: 'dns-${service}'
    params: {
      name: 'privatelink.${service}.${environment().suffixes.storage}'
      location: 'global'
      tags: tags
      virtualNetworkLinks: [
        {
          name: '${vnetName}-${service}'
          virtualNetworkResourceId: vnet.outputs.resourceId
          registrationEnabled: false
        }
      ]
    }
  }
]

module privateEndpoints 'br/public:avm/res/network/private-endpoint:0.11.0' = [
  for (service, i) in storageServices: {
    name: 'pep-${service}'
    params: {
      name: '${privateEndpointPrefix}${service}'
      location: location
      tags: tags
      subnetResourceId: '${vnet.outputs.resourceId}/subnets/${privateEndpointSubnetName}'
      privateLinkServiceConnections: [
        {
          name: '${service}-connection'
          properties: {
            privateLinkServiceId: storageAccount.id
            groupIds: [
              service
            ]
          }
        }
      ]
      privateDnsZoneGroup: {
        privateDnsZoneGroupConfigs: [
          {
            privateDnsZoneResourceId: dnsZones[i].outputs.resourceId
          }
        ]
      }
    }
  }
]

output appSubnetId string = '${vnet.outputs.resourceId}/subnets/${appSubnetName}'
