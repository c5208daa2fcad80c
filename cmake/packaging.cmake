# Install layout (`cmake --install`) and the Debian package (`cpack -G DEB`), kept out of the
# top-level CMakeLists.txt so the build and its packaging can change independently.
#
#   bin/rulekit                         the binary (check docs are compiled in; it reads no data files)
#   share/man/man1/rulekit.1            the manual page (docs/rulekit.1)
#   share/doc/rulekit/README.md         the README, and under docs/ the pages it links to with
#   share/doc/rulekit/docs/...          the same relative paths, so the links keep working
include(GNUInstallDirs)

install(TARGETS rulekit RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/docs/rulekit.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
file(GLOB RULEKIT_GUIDE_PAGES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${RULEKIT_GUIDE_PAGES} DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/checks/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs/checks
        FILES_MATCHING PATTERN "*.md")

set(RULEKIT_PACKAGE_MAINTAINER "rulekit maintainers <rulekit@users.noreply.github.com>"
    CACHE STRING "Maintainer field of the Debian package")

set(CPACK_PACKAGE_NAME rulekit)
set(CPACK_PACKAGE_VENDOR rulekit)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_HOMEPAGE_URL https://github.com/rulekit/rulekit)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "linter for Falco rules files, with Falco's own verdicts")
set(CPACK_GENERATOR DEB)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # rulekit_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${RULEKIT_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The extended description; CPack puts the summary above it and indents it as dpkg wants.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "rulekit parses Falco's condition language exactly as Falco does and lints whole rules
repositories the way Falco loads them: every problem at once, with file:line:column, a stable
check code, the matching Falco LOAD_* code and a fix hint. Reports as text, JSON, SARIF,
GitHub annotations or JUnit. Needs no Falco binary, kernel module or container runtime.")
# Depends: computed by dpkg-shlibdeps from the libraries the binary links (yaml-cpp, RE2, fmt,
# ...), so the list follows the build instead of being maintained by hand.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)

include(CPack)
