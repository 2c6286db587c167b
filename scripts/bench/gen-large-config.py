#!/usr/bin/env python3
"""Writes a large keepalived.conf: N vrrp_instances and M virtual_servers x R real_servers (TCP_CHECK each)."""
import sys

def main(path, instances=1000, services=1000, reals=100):
    with open(path, "w") as f:
        f.write("global_defs {\n    router_id bench\n    enable_script_security\n}\n")
        for i in range(instances):
            iface = f"bench{i // 250}"
            vrid = i % 250 + 1
            a, b = divmod(i, 250)
            f.write(f"vrrp_instance VI_{i} {{\n    state BACKUP\n    interface {iface}\n    virtual_router_id {vrid}\n"
                    f"    priority 100\n    advert_int 1\n    virtual_ipaddress {{\n        10.{a}.{b}.1/24\n    }}\n}}\n")
        for s in range(services):
            a, b = divmod(s, 250)
            f.write(f"virtual_server 10.100.{a}.{b + 1} 80 {{\n    delay_loop 10\n    lb_algo wrr\n    lb_kind DR\n    protocol TCP\n")
            for r in range(reals):
                f.write(f"    real_server 10.{200 + a}.{b}.{r + 1} 80 {{\n        weight 1\n        TCP_CHECK {{\n"
                        f"            connect_timeout 3\n        }}\n    }}\n")
            f.write("}\n")

if __name__ == "__main__":
    main(sys.argv[1], *(int(x) for x in sys.argv[2:]))
