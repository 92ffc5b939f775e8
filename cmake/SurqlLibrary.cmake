# surql_add_library(<name> VERSION x.y.z SOVERSION n DESCRIPTION "..."
#                   SOURCES ... [SURQL_DEPS <sibling>...] [PRIVATE_LIBS ...])
#
# Builds libsurql-<name>.so.<SOVERSION> with:
#   - generated export header <surql/<name>/export.h> (SURQL_<NAME>_API),
#   - generated <surql/<name>/version.h> and the version functions,
#   - hidden visibility plus the linker version script libsurql-<name>.map,
#   - surql-<name>.pc from pkgconfig/surql-<name>.pc.in,
#   - a CMake package surql-<name> (Surql::<name>),
#   - install components <name>-runtime (the .so.N) and <name>-dev (the rest).
#
# VERSION and SOVERSION are recorded once, in the library's own CMakeLists.txt.

set(SURQL_CMAKE_DIR ${CMAKE_CURRENT_LIST_DIR})

# .pc paths: relative to ${prefix} when the install dirs are relative (so the
# files relocate with --define-variable=prefix=...), absolute otherwise (a
# packager's absolute CMAKE_INSTALL_LIBDIR is kept as given).
foreach(_d LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_d}}")
    set(SURQL_PC_${_d} "${CMAKE_INSTALL_${_d}}")
  else()
    set(SURQL_PC_${_d} "\${prefix}/${CMAKE_INSTALL_${_d}}")
  endif()
endforeach()

function(surql_add_library name)
  cmake_parse_arguments(A "" "VERSION;SOVERSION;DESCRIPTION"
                        "SOURCES;SURQL_DEPS;PRIVATE_LIBS" ${ARGN})
  string(TOUPPER "${name}" UP)
  set(t libsurql-${name})
  set(inc_bin ${CMAKE_CURRENT_BINARY_DIR}/include)

  # version header and version functions, from one template for all six
  string(REPLACE "." ";" _v "${A_VERSION}")
  list(GET _v 0 SURQL_LIB_VERSION_MAJOR)
  list(GET _v 1 SURQL_LIB_VERSION_MINOR)
  list(GET _v 2 SURQL_LIB_VERSION_PATCH)
  set(SURQL_LIB_NAME "${name}")
  string(TOUPPER "${name}" SURQL_LIB_UP)
  set(SURQL_LIB_VERSION ${A_VERSION})
  set(SURQL_LIB_SOVERSION ${A_SOVERSION})
  # later libraries pin their siblings with these (pkg-config Requires: >=)
  set(SURQL_${UP}_VERSION ${A_VERSION} CACHE INTERNAL "")
  configure_file(${SURQL_CMAKE_DIR}/version.h.in
                 ${inc_bin}/surql/${name}/version.h @ONLY)
  configure_file(${SURQL_CMAKE_DIR}/version.c.in
                 ${CMAKE_CURRENT_BINARY_DIR}/version.c @ONLY)

  add_library(${t} SHARED ${A_SOURCES} ${CMAKE_CURRENT_BINARY_DIR}/version.c)
  add_library(Surql::${name} ALIAS ${t})
  set_target_properties(${t} PROPERTIES
    OUTPUT_NAME surql-${name}
    EXPORT_NAME ${name}
    VERSION ${A_VERSION}
    SOVERSION ${A_SOVERSION}
    C_VISIBILITY_PRESET hidden
    POSITION_INDEPENDENT_CODE ON)
  generate_export_header(${t}
    BASE_NAME SURQL_${UP}
    EXPORT_MACRO_NAME SURQL_${UP}_API
    STATIC_DEFINE SURQL_${UP}_STATIC
    EXPORT_FILE_NAME ${inc_bin}/surql/${name}/export.h)
  target_include_directories(${t}
    PUBLIC  $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
            $<BUILD_INTERFACE:${inc_bin}>
            $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  set(_sib_pub "")
  foreach(d IN LISTS A_SURQL_DEPS)
    list(APPEND _sib_pub Surql::${d})
  endforeach()
  target_link_libraries(${t} PUBLIC ${_sib_pub} PRIVATE ${A_PRIVATE_LIBS})

  if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang" AND NOT APPLE)
    set(map ${CMAKE_CURRENT_SOURCE_DIR}/libsurql-${name}.map)
    target_link_options(${t} PRIVATE "LINKER:--version-script=${map}")
    if(NOT SURQL_SANITIZE)   # --no-undefined breaks with ASan-instrumented .so
      target_link_options(${t} PRIVATE "LINKER:--no-undefined")
    endif()
    set_property(TARGET ${t} APPEND PROPERTY LINK_DEPENDS ${map})
  endif()

  # pkg-config
  set(SURQL_LIB_DESCRIPTION "${A_DESCRIPTION}")
  configure_file(${PROJECT_SOURCE_DIR}/pkgconfig/surql-${name}.pc.in
                 ${PROJECT_BINARY_DIR}/pkgconfig/surql-${name}.pc @ONLY)

  # install: runtime = the versioned .so; dev = namelink, headers, .pc, cmake package
  install(TARGETS ${t} EXPORT surql-${name}-targets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
            COMPONENT ${name}-runtime
            NAMELINK_COMPONENT ${name}-dev
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT ${name}-dev
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT ${name}-runtime)
  install(DIRECTORY include/ ${inc_bin}/
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    COMPONENT ${name}-dev
    FILES_MATCHING PATTERN "*.h")
  install(FILES ${PROJECT_BINARY_DIR}/pkgconfig/surql-${name}.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT ${name}-dev)

  set(cfgdir ${CMAKE_INSTALL_LIBDIR}/cmake/surql-${name})
  install(EXPORT surql-${name}-targets NAMESPACE Surql::
    DESTINATION ${cfgdir} COMPONENT ${name}-dev)
  set(SURQL_FIND_SIBLINGS "")
  foreach(d IN LISTS A_SURQL_DEPS)
    string(TOUPPER "${d}" dup)
    string(APPEND SURQL_FIND_SIBLINGS "find_dependency(surql-${d} ${SURQL_${dup}_VERSION})\n")
  endforeach()
  configure_package_config_file(${SURQL_CMAKE_DIR}/surql-lib-config.cmake.in
    ${CMAKE_CURRENT_BINARY_DIR}/surql-${name}-config.cmake
    INSTALL_DESTINATION ${cfgdir})
  write_basic_package_version_file(
    ${CMAKE_CURRENT_BINARY_DIR}/surql-${name}-config-version.cmake
    VERSION ${A_VERSION} COMPATIBILITY SameMajorVersion)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/surql-${name}-config.cmake
                ${CMAKE_CURRENT_BINARY_DIR}/surql-${name}-config-version.cmake
    DESTINATION ${cfgdir} COMPONENT ${name}-dev)

  set_property(GLOBAL APPEND PROPERTY SURQL_LIBRARIES ${name})
endfunction()
