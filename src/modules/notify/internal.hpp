#pragma once

// Shared by the notify translation units; not part of the module's interface.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "modules/notify/channel_service.hpp"
#include "modules/notify/notifier.hpp"
#include "platform/db/database.hpp"

namespace anxin::notify {

std::string_view notify_sql(std::string_view name);  // embedded queries/*.sql

inline constexpr const char* kChannelTable = "notify_channels";
inline constexpr const char* kSecretColumn = "secret_enc";
inline constexpr const char* kEndpointColumn = "endpoint_enc";
inline constexpr const char* kMessageTable = "notify_messages";
inline constexpr const char* kParamsColumn = "params_enc";
inline constexpr const char* kInboxTable = "notify_inbox";
inline constexpr const char* kTitleColumn = "title_enc";
inline constexpr const char* kBodyColumn = "body_enc";
inline constexpr const char* kDeliveryTable = "notify_deliveries";
inline constexpr const char* kAddressColumn = "address_enc";

/// A notify_channels row (without its secret; has_secret tells whether one is stored). Its endpoint
/// is the stored masked form: enough to list it or to check its kind and state.
Channel channel_from_row(const db::Row& r);
/// The same with the endpoint opened from endpoint_enc, for sending or editing. One that cannot be
/// opened stays the masked form.
Channel channel_from_row(const crypto::KeyRing& keys, const db::Row& r);

/// A template's texts in one language with its placeholders filled.
struct Rendered {
  std::string subject;
  std::string body;
};
/// Renders `t` in `lang` ("en…" is English, anything else Chinese) from `params`; a placeholder
/// without a value is logged (notify.placeholder_missing).
Rendered render(const Template& t, const std::string& lang, const nlohmann::json& params);

/// True for WeCom, DingTalk and Feishu robots.
inline bool is_group_kind(ChannelKind k) {
  return k == ChannelKind::kWecom || k == ChannelKind::kDingtalk || k == ChannelKind::kFeishu;
}

}  // namespace anxin::notify
