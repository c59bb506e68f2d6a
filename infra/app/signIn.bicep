// Entra ID sign-in for the API and the HTML report: an app registration with writeback-watch's app roles,
// its service principal (assignment required, so only people and identities given a role can sign in),
// and App Service Authentication on the Function App.
//
// The registration is declared with the Microsoft Graph Bicep extension (bicepconfig.json) rather than
// created by a post-provision hook: App Service Authentication below needs the registration's appId in
// the same deployment, the extension keys the registration by uniqueName so `azd provision` updates it
// instead of creating another, and the federated credential lets App Service Authentication sign in
// with the app's managed identity, so there is no client secret to store or let expire.
//
// App Service Authentication lets unauthenticated requests through (AllowAnonymous): the function-key
// routes must keep working for automation, and the Functions host checks those keys itself. Identities
// it validated reach the code in X-MS-CLIENT-PRINCIPAL, and the signed-in routes (/api/sso/...) admit a
// request only when that principal holds the route's app role (functions/lib/protectedRoute.ts).
extension microsoftGraphV1

@description('Name of the Function App to protect.')
param functionAppName string

@description('Default host name of the Function App, e.g. func-api-abc.azurewebsites.net.')
param functionAppHostName string

@description('Unique name of the app registration in the tenant; the extension finds an existing registration by it.')
param registrationUniqueName string

@description('Display name of the app registration and enterprise application.')
param registrationDisplayName string = 'writeback-watch'

@description('Principal (object) id of the Function App\'s user-assigned managed identity, trusted as the app\'s credential.')
param managedIdentityPrincipalId string

@description('azd environment name, recorded as a tag on the registration.')
param environmentName string

// Token exchange audience of a managed identity used as a federated credential, per cloud.
var federatedCredentialAudiences = {
  AzureCloud: 'api://AzureADTokenExchange'
  AzureUSGovernment: 'api://AzureADTokenExchangeUSGov'
  AzureChinaCloud: 'api://AzureADTokenExchangeChina'
}
var issuer = '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'

// Keep in step with functions/lib/appRoles.ts (test/infra/signIn.test.ts compares them).
var appRoles = [
  {
    id: '1ae66794-66b2-448a-8a5e-8727b1b551bf'
    value: 'Exposure.Read'
    displayName: 'Read password writeback exposure'
    description: 'Read the exposure report, stored snapshots, diffs between them and the trend.'
  }
  {
    id: '4616f124-bbf0-4d7f-a50f-c40a755b42f7'
    value: 'Audit.Run'
    displayName: 'Run a password writeback audit'
    description: 'Start an audit now (POST /api/check), which reads the tenant and may send alerts.'
  }
  {
    id: '4f7d4479-e099-4428-9ec8-cb273f417db7'
    value: 'Acceptances.Write'
    displayName: 'Accept password writeback findings'
    description: 'Record that a finding is accepted, so it no longer alerts.'
  }
]

resource registration 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: registrationUniqueName
  displayName: registrationDisplayName
  signInAudience: 'AzureADMyOrg'
  tags: [
    'azd-env-name:${environmentName}'
  ]
  api: {
    requestedAccessTokenVersion: 2
  }
  // People (signing in to the report) and applications (automation with a token) can hold each role.
  appRoles: [
    for role in appRoles: {
      id: role.id
      value: role.value
      displayName: role.displayName
      description: role.description
      allowedMemberTypes: [
        'User'
        'Application'
      ]
      isEnabled: true
    }
  ]
  web: {
    redirectUris: [
      'https://${functionAppHostName}/.auth/login/aad/callback'
    ]
    implicitGrantSettings: {
      enableAccessTokenIssuance: false
      enableIdTokenIssuance: false
    }
  }

  resource managedIdentityCredential 'federatedIdentityCredentials@v1.0' = {
    name: '${registration.uniqueName}/function-app-managed-identity'
    description: 'App Service Authentication of the writeback-watch Function App signs in with its managed identity.'
    audiences: [
      federatedCredentialAudiences[environment().name]
    ]
    issuer: issuer
    subject: managedIdentityPrincipalId
  }
}

resource servicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: registration.appId
  // Only users, groups and applications assigned one of the app roles get a token for the app.
  appRoleAssignmentRequired: true
}

resource functionApp 'Microsoft.Web/sites@2023-12-01' existing = {
  name: functionAppName
}

resource authSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
      routes: {
        apiPrefix: '/.auth'
      }
      forwardProxy: {
        convention: 'NoProxy'
      }
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          openIdIssuer: issuer
          clientId: registration.appId
          // Not a secret: the name of the setting holding the managed identity's client id (api.bicep).
          clientSecretSettingName: 'OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID'
        }
        validation: {
          allowedAudiences: [
            registration.appId
            'api://${registration.appId}'
          ]
        }
        isAutoProvisioned: false
      }
    }
    login: {
      // Flex Consumption has no persistent file system, and the app never calls APIs as the user.
      tokenStore: {
        enabled: false
      }
      preserveUrlFragmentsForLogins: false
      allowedExternalRedirectUrls: []
      cookieExpiration: {
        convention: 'FixedTime'
        timeToExpiration: '08:00:00'
      }
      nonce: {
        validateNonce: true
        nonceExpirationInterval: '00:05:00'
      }
    }
  }
  dependsOn: [
    servicePrincipal
  ]
}

output clientId string = registration.appId
output servicePrincipalId string = servicePrincipal.id
