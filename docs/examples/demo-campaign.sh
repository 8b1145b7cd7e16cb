#!/usr/bin/env bash
# Starts a demo campaign whose dates are relative to today and drives it to the units' plan
# tasks: register the notice (as hq01), draft the forwarding (hq01), approve it (leader01).
set -euo pipefail
BASE=${BASE:-http://localhost:8080/engine-rest}
PASSWORD=${PASSWORD:-demo}   # the demo profile's password; REST needs a login
d() { date -d "$1" +%F; }
CODE=${CODE:-DEMO-$(date +%Y%m%d)}
json() { python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$1"; }

curl -sf -u "hq01:$PASSWORD" -X POST -H 'Content-Type: application/json' "$BASE/process-definition/key/campaign/submit-form" -d @- <<JSON >/dev/null
{"variables": {
  "campaignCode": {"value": "$CODE"}, "campaignYear": {"value": $(date +%Y)},
  "noticeTitle": {"value": "关于开展$(date +%Y)年“全国科技工作者日”活动的通知（演示）"},
  "noticeDocNumbers": {"value": "示例发宣字〔$(date +%Y)〕1号"}, "noticeIssuers": {"value": "示例科协"},
  "noticeIssueDate": {"value": "$(d today)"}, "campaignTheme": {"value": "点亮精神火炬"},
  "activityWindowStart": {"value": "$(d '+3 days')"}, "activityWindowEnd": {"value": "$(d '+30 days')"},
  "upwardDeadline": {"value": "$(d '+50 days')"},
  "activityCategories": {"value": $(json $'“点亮精神火炬”主题活动\n弘扬科学家精神系列活动\n科技为民志愿服务活动')},
  "noticeText": {"value": "演示用通知正文。"}}}
JSON
task() { curl -sf -u "hq01:$PASSWORD" "$BASE/task?processInstanceBusinessKey=$CODE&taskDefinitionKey=$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])'; }

curl -sf -u "hq01:$PASSWORD" -X POST -H 'Content-Type: application/json' "$BASE/task/$(task Task_DraftForwarding)/submit-form" -d @- <<JSON
{"variables": {
  "forwardingDocNumber": {"value": "示学字〔$(date +%Y)〕001号"},
  "forwardingTitle": {"value": "关于组织开展$(date +%Y)年“全国科技工作者日”活动的通知（演示）"},
  "targetCategories": {"type": "Json", "value": "[\"WORKING_COMMITTEE\",\"SPECIALTY_COMMITTEE\",\"BRANCH\",\"LOCAL_SOCIETY\",\"SUPPORTING_UNIT\",\"GROUP_MEMBER\"]"},
  "planDeadline": {"value": "$(d '+10 days')"}, "summaryDeadline": {"value": "$(d '+40 days')"},
  "reminderLeadDays": {"value": 3}, "graceDays": {"value": 5},
  "contactName": {"value": "林晓楠"}, "contactPhone": {"value": "010-5550-0001"}, "contactEmail": {"value": "hq01@example.org"}}}
JSON
curl -sf -u "leader01:$PASSWORD" -X POST -H 'Content-Type: application/json' "$BASE/task/$(task Task_ApproveForwarding)/submit-form" \
  -d '{"variables": {"forwardingDecision": {"value": "APPROVE"}}}'
echo "Campaign $CODE distributed; unit plan tasks appear within seconds in Tasklist."
