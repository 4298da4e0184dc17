#!/bin/sh
# One HTTP/1.0 reply naming the address that was reached and the node behind it. socat runs this
# per connection (EXEC) with SOCAT_SOCKADDR set to the local address; the lab sets LAB_REPLY_WHAT
# ("pod" or "service") and LAB_REPLY_NODE.
read -r _request_line
printf 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n%s %s on %s\n' \
  "$LAB_REPLY_WHAT" "$SOCAT_SOCKADDR" "$LAB_REPLY_NODE"
