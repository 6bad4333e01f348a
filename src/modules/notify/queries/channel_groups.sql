-- Enabled group robots (what a publication may name in group_channels), by name.
SELECT id, kind, name
FROM notify_channels
WHERE enabled = 1 AND kind IN ('wecom', 'dingtalk', 'feishu')
ORDER BY name, id
