#!/usr/bin/env bash
# Makes a user that only the system's user database knows, not /etc/passwd: Debian's libnss-extrausers reads
# /var/lib/extrausers/passwd once `extrausers` is on nsswitch.conf's passwd line. ProcessTableTest names a process
# of this user as LDAP or SSSD users are named. Needs root; changes nothing when already done, and nothing for any
# other user (an extra source after `files` only answers for names and uids it holds).
set -euo pipefail
name=gpumagics-nss
uid=64123
grep -q "^$name:" /etc/passwd && { echo "$0: $name is in /etc/passwd, so it would not show NSS at work" >&2; exit 1; }
grep -qE '^passwd:.*\bextrausers\b' /etc/nsswitch.conf || sed -i -E 's/^(passwd:.*)$/\1 extrausers/' /etc/nsswitch.conf
mkdir -p /var/lib/extrausers
touch /var/lib/extrausers/passwd
grep -q "^$name:" /var/lib/extrausers/passwd \
  || echo "$name:x:$uid:$uid:GpuMagics NSS-only test user:/nonexistent:/usr/sbin/nologin" >> /var/lib/extrausers/passwd
getent passwd "$name" >/dev/null || { echo "$0: getent does not find $name: is libnss-extrausers installed?" >&2; exit 1; }
