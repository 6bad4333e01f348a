# Project-wide warning flags, applied per target through anxin_target_defaults().
function(anxin_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                            -Wcast-align -Woverloaded-virtual -Wnull-dereference
                                            # Designated initializers leave defaulted members out on purpose.
                                            -Wno-missing-field-initializers
                                            # GCC 12 reports false positives for std::string concatenation at -O3
                                            # (GCC bug 105329).
                                            -Wno-restrict)
  # GCC 12 misreports aggregates built with designated initializers as maybe-uninitialized when
  # optimising; the dev preset (-O0, sanitizers) keeps the warning.
  target_compile_options(${target} PRIVATE $<$<CONFIG:Release>:-Wno-maybe-uninitialized>)
  if(ANXIN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
