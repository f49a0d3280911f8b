#!/bin/sh
# HAProxy's external check of one Galera node (arguments: proxy address, proxy port, node address, node port).
# A node that answers is not enough: a joiner or donor answers too, and a node cut off from the others answers with
# "WSREP has not yet prepared node for application use" to every query. Only a Synced node in the Primary
# component passes.
state=$(MYSQL_PWD=hotline mysql -h "$3" -P "$4" -u hotline --connect-timeout=2 -N -B -e \
  "SELECT GROUP_CONCAT(VARIABLE_VALUE ORDER BY VARIABLE_NAME) FROM information_schema.GLOBAL_STATUS
   WHERE VARIABLE_NAME IN ('WSREP_CLUSTER_STATUS', 'WSREP_LOCAL_STATE')" 2>/dev/null)
[ "$state" = "Primary,4" ]
