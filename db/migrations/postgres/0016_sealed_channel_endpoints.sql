-- Robot webhook and SMS gateway URLs carry access tokens: the whole URL is stored encrypted
-- (endpoint_enc, class 4 like the channel secret); `endpoint` keeps only the masked form answers
-- show. Rows written before this migration are sealed when anxin starts (ChannelService::seal_endpoints).
ALTER TABLE notify_channels ADD COLUMN endpoint_enc BYTEA;
