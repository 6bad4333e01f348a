# anxin_embed_files(TARGET target NAMESPACE ns FUNCTION fn FILES ...)
# Generates a translation unit with a function `std::string_view ns::fn(std::string_view name)`
# that returns the content of an embedded file by its base name (without extension),
# and `ns::fn_names()` listing them. Used for SQL query files and message catalogues.
function(anxin_embed_files)
  cmake_parse_arguments(E "" "TARGET;NAMESPACE;FUNCTION" "FILES" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${E_FUNCTION}_embedded.cpp")
  set(inputs)
  foreach(f IN LISTS E_FILES)
    get_filename_component(abs "${f}" ABSOLUTE)
    list(APPEND inputs "${abs}")
  endforeach()
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNS=${E_NAMESPACE} -DFN=${E_FUNCTION} "-DINPUTS=${inputs}"
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_script.cmake"
    DEPENDS ${inputs} "${PROJECT_SOURCE_DIR}/cmake/embed_script.cmake"
    COMMENT "Embedding ${E_FUNCTION} files"
    VERBATIM)
  target_sources(${E_TARGET} PRIVATE "${out}")
endfunction()
