SELECT d.id, d.message_id, d.channel, d.channel_id, d.user_id, d.lang, d.attempts, d.address_enc, m.event, m.params_enc
FROM notify_deliveries d JOIN notify_messages m ON m.id = d.message_id
WHERE d.id = $1 AND d.lease_owner = $2 AND d.status = 'pending'
