# Warning baseline, sanitizers and coverage for every target of the suite.

if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
  add_compile_options(
    -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes
    -Wformat=2 -Wformat-security -Wpointer-arith -Wcast-qual -Wundef
    -Wwrite-strings -Wvla -Wno-unused-parameter)
  if(SURQL_WERROR)
    add_compile_options(-Werror)
  endif()
  add_compile_definitions(_POSIX_C_SOURCE=200809L)
endif()

if(SURQL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

if(SURQL_COVERAGE)
  add_compile_options(--coverage -O0 -g)
  add_link_options(--coverage)
endif()
