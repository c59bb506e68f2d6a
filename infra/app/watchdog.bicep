// The watchdog outside the app: an Azure Monitor log search alert rule on Application Insights that fires
// when no audit has completed successfully for three audit intervals, whatever the cause (the identity
// lost a permission, storage is unreachable, the deployment is broken, the timer stopped). Each audit
// writes one `audit.completed` trace with its outcome and headline (functions/lib/auditSummary.ts); the
// trace also carries the audit interval the app derives from its own AUDIT_SCHEDULE (the longest wait
// between two runs, shared/ncrontab.ts), so the rule needs no copy of the schedule: it alerts the action
// group when the newest successful audit is older than three of those intervals, or when there is none.
@description('Region of the alert rule (that of the Application Insights component).')
param location string = resourceGroup().location

@description('Tags for every resource.')
param tags object = {}

@description('Name of the alert rule.')
param alertRuleName string

@description('Name of the action group.')
param actionGroupName string

@description('Application Insights component the app reports to.')
param applicationInsightsName string

@description('Who is told: email addresses separated by , or ; (ALERT_RECIPIENTS). Empty: the rule fires in the portal only.')
param alertRecipients string = ''

var recipients = filter(map(split(replace(alertRecipients, ';', ','), ','), address => trim(address)), address => !empty(address))

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(recipients)) {
  name: actionGroupName
  location: 'Global'
  tags: tags
  properties: {
    groupShortName: 'wbwatch'
    enabled: true
    emailReceivers: [
      for (address, i) in recipients: {
        name: 'recipient-${i + 1}'
        emailAddress: address
        useCommonAlertSchema: true
      }
    ]
  }
}

// ok: every section read; partial: some sections unknown, but the app ran and stored a snapshot.
// An audit that read no section at all ("unreadable") or threw ("failed") does not count.
// A log search alert queries at most two days back, so a schedule whose three intervals exceed two
// days is watched over two days. A trace without intervalMinutes (an older release) counts as hourly.
var query = '''
traces
| where timestamp > ago(2d)
| where message has '"event":"audit.completed"'
| extend audit = parse_json(message)
| where tostring(audit.outcome) in ("ok", "partial")
| summarize arg_max(timestamp, audit)
| extend intervalMinutes = coalesce(toint(audit.intervalMinutes), 60)
| where timestamp > ago(3 * intervalMinutes * 1m)
'''

resource noSuccessfulAudit 'Microsoft.Insights/scheduledQueryRules@2021-08-01' = {
  name: alertRuleName
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'writeback-watch: no successful audit'
    description: 'No audit completed successfully for three audit intervals (of AUDIT_SCHEDULE; at most two days). The app may have lost a permission, storage access or its deployment; see the audit.failed traces in Application Insights.'
    severity: 1
    enabled: true
    scopes: [
      applicationInsights.id
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'PT1H'
    // The query filters its own window (three intervals, at most two days); the range only has to cover it.
    overrideQueryTimeRange: 'P2D'
    criteria: {
      allOf: [
        {
          query: query
          timeAggregation: 'Count'
          operator: 'LessThan'
          threshold: 1
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: !empty(recipients) ? [actionGroup.id] : []
    }
  }
}

output alertRuleId string = noSuccessfulAudit.id
