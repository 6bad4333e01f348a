#pragma once

// Recognising what uploaded bytes really are, whatever the client declared (libmagic).

#include <string>
#include <string_view>

namespace anxin::http {

/// The media type libmagic recognises in the first bytes of `data`, e.g. "image/png", "text/html";
/// "application/octet-stream" when it cannot tell (or its database cannot be loaded). Thread-safe.
std::string sniff_media_type(std::string_view data);

/// True for content a browser could run or render as a page: HTML, SVG and other XML, JavaScript and
/// any script or other text type. Such uploads are refused whatever an allow-list says.
bool is_active_content(std::string_view media_type);

}  // namespace anxin::http
