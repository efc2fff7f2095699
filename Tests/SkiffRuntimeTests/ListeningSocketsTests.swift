import Testing
@testable import SkiffRuntime

@Suite struct ListeningSocketsTests {
    @Test func parsesListenRowsOfBothTables() {
        let tcp = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0 100 0 0 10 0
               1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 222 1 0 100 0 0 10 0
               2: 0100007F:1F90 0100007F:C000 01 00000000:00000000 00:00000000 00000000     0        0 333 1 0 100 0 0 10 0
            """
        let rows = ListeningSockets.parseTable(tcp, isIPv6: false)
        #expect(rows.map(\.inode) == [111, 222])
        #expect(rows.map(\.socket) == [
            ListeningSocket(address: "127.0.0.1", port: 8080, isWildcard: false),
            ListeningSocket(address: "0.0.0.0", port: 80, isWildcard: true),
        ])
        let tcp6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 444 1 0 100 0 0 10 0
               1: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 555 1 0 100 0 0 10 0
            """
        let rows6 = ListeningSockets.parseTable(tcp6, isIPv6: true)
        #expect(rows6.map(\.socket) == [
            ListeningSocket(address: "::", port: 8080, isWildcard: true),
            ListeningSocket(address: "0:0:0:0:0:0:0:1", port: 80, isWildcard: false),
        ])
    }
}
