# surql_add_test(<lib> <area> SOURCES ... [LABELS ...] [LIBS ...] [TIMEOUT s]
#                [ENVIRONMENT ...])
#
# Builds test-<lib>-<area> from SOURCES plus the harness and registers one
# ctest entry `<lib>.<area>.<case>` for every `ST_TEST(<case>)` found in the
# sources, so `ctest -R conn.live` selects a feature and `ctest -L unit` a
# kind. Labels: the library name, plus the given ones (unit | integration |
# cli). Default label is unit. NO_LIB: a suite-level test linking no library.

function(surql_add_test lib area)
  cmake_parse_arguments(T "NO_LIB" "TIMEOUT" "SOURCES;LABELS;LIBS;ENVIRONMENT" ${ARGN})
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  set(exe test-${lib}-${area})
  add_executable(${exe} ${T_SOURCES})
  if(T_NO_LIB)   # suite-level tests (dev server, redis) that test no library
    target_link_libraries(${exe} PRIVATE surql_testharness ${T_LIBS})
  else()
    target_link_libraries(${exe} PRIVATE surql_testharness Surql::${lib} ${T_LIBS})
  endif()
  set(cases "")
  foreach(src IN LISTS T_SOURCES)
    get_filename_component(abs ${src} ABSOLUTE)
    file(STRINGS ${abs} lines REGEX "^ST_TEST\\([A-Za-z0-9_]+\\)")
    foreach(l IN LISTS lines)
      string(REGEX REPLACE "^ST_TEST\\(([A-Za-z0-9_]+)\\).*" "\\1" c "${l}")
      list(APPEND cases ${c})
    endforeach()
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${abs})
  endforeach()
  if(NOT cases)
    message(FATAL_ERROR "surql_add_test(${lib} ${area}): no ST_TEST() cases in ${T_SOURCES}")
  endif()
  foreach(c IN LISTS cases)
    set(n ${lib}.${area}.${c})
    add_test(NAME ${n} COMMAND ${exe} ${c})
    set_tests_properties(${n} PROPERTIES
      LABELS "${lib};${T_LABELS}"
      TIMEOUT ${T_TIMEOUT}
      SKIP_RETURN_CODE 77
      ENVIRONMENT "SURQL_SOURCE_DIR=${PROJECT_SOURCE_DIR};SURQL_BINARY_DIR=${PROJECT_BINARY_DIR};${T_ENVIRONMENT}")
    if("integration" IN_LIST T_LABELS)
      # the dev server's npm packages are installed (server.deps) before any integration test
      set_tests_properties(${n} PROPERTIES FIXTURES_REQUIRED surreal_dev_deps)
    endif()
  endforeach()
endfunction()

# surql_target_sources_abs(<var> <target> <dir>): the SOURCES of <target> as
# absolute paths (relative ones are under <dir>), for tests that compile a
# library's internal sources into themselves (tests/fuzz, surql_conn_internal).
function(surql_target_sources_abs var target dir)
  get_target_property(_src ${target} SOURCES)
  set(_abs "")
  foreach(_s IN LISTS _src)
    if(IS_ABSOLUTE "${_s}")
      list(APPEND _abs "${_s}")
    else()
      list(APPEND _abs "${dir}/${_s}")
    endif()
  endforeach()
  set(${var} ${_abs} PARENT_SCOPE)
endfunction()
