//! EXPOSE port specs (`convert_expose.go`) and STOPSIGNAL names (`moby/sys/signal`), checked
//! after expansion as BuildKit does when it builds the stage.

use std::net::IpAddr;

/// Reads `[ip:][hostPort:]containerPort[/proto]` (ranges `8000-8010` allowed) into the
/// ports it exposes (`8080/tcp`), or BuildKit's error.
pub fn parse_port(raw: &str) -> Result<Vec<String>, String> {
    let parts: Vec<&str> = raw.split(':').collect();
    let (ip, host_port, container_port) = match parts.as_slice() {
        [container] => (String::new(), "", *container),
        [host, container] => (String::new(), *host, *container),
        [ip, host, container] => ((*ip).to_owned(), *host, *container),
        [ip_parts @ .., host, container] => (ip_parts.join(":"), *host, *container),
        [] => (String::new(), "", ""),
    };
    let (port, proto) = container_port
        .split_once('/')
        .unwrap_or((container_port, ""));
    if port.is_empty() {
        return Err(format!("invalid port: {raw:?}: no port specified"));
    }
    let proto = match proto.to_lowercase().as_str() {
        "" => "tcp".to_owned(),
        "tcp" | "udp" | "sctp" => proto.to_owned(),
        _ => return Err(format!("invalid port: {raw:?}: invalid proto: {proto}")),
    };
    let ip = ip
        .strip_prefix('[')
        .and_then(|inner| inner.strip_suffix(']'))
        .map_or(ip.clone(), str::to_owned);
    if !ip.is_empty() && ip.parse::<IpAddr>().is_err() {
        return Err(format!("invalid IP address: {ip}"));
    }
    let (start, end) = port_range(port).map_err(|_| format!("invalid containerPort: {port}"))?;
    if !host_port.is_empty() {
        let (host_start, host_end) =
            port_range(host_port).map_err(|_| format!("invalid hostPort: {host_port}"))?;
        if end - start != host_end - host_start && end != start {
            return Err(format!(
                "invalid ranges specified for container and host Ports: {port} and {host_port}"
            ));
        }
    }
    let proto = proto.to_lowercase();
    Ok((start..=end)
        .map(|number| format!("{number}/{proto}"))
        .collect())
}

fn port_range(ports: &str) -> Result<(u32, u32), ()> {
    let (start_text, end_text) = ports.split_once('-').unwrap_or((ports, ports));
    let start = port_number(start_text)?;
    let end = if end_text == start_text {
        start
    } else {
        port_number(end_text)?
    };
    if end < start {
        return Err(());
    }
    Ok((start, end))
}

fn port_number(text: &str) -> Result<u32, ()> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(());
    }
    digits
        .parse::<u32>()
        .ok()
        .filter(|&port| port <= 65_535)
        .ok_or(())
}

/// Linux signal names without their `SIG` prefix.
const SIGNALS: [&str; 34] = [
    "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL",
    "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP",
    "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ",
];

/// A signal number (not 0), a name (`SIGTERM`, `term`) or a real-time signal (`SIGRTMIN+3`).
pub fn is_valid_signal(raw: &str) -> bool {
    if let Ok(number) = raw.parse::<i64>() {
        return number != 0;
    }
    let upper = raw.to_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    if SIGNALS.contains(&name) || name == "RTMIN" || name == "RTMAX" {
        return true;
    }
    // Real-time signals: SIGRTMIN+1 … SIGRTMIN+15 and SIGRTMAX-14 … SIGRTMAX-1.
    let offset = |prefix: &str, largest: u8| {
        name.strip_prefix(prefix).is_some_and(|number| {
            !number.starts_with('0')
                && number
                    .parse::<u8>()
                    .is_ok_and(|number| (1..=largest).contains(&number))
        })
    };
    offset("RTMIN+", 15) || offset("RTMAX-", 14)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports() {
        assert_eq!(parse_port("80").unwrap(), ["80/tcp"]);
        assert_eq!(parse_port("53/UDP").unwrap(), ["53/udp"]);
        assert_eq!(
            parse_port("8000-8002").unwrap(),
            ["8000/tcp", "8001/tcp", "8002/tcp"]
        );
        assert_eq!(parse_port("127.0.0.1:8080:80").unwrap(), ["80/tcp"]);
        assert_eq!(parse_port("[::1]:8080:80").unwrap(), ["80/tcp"]);
        assert_eq!(
            parse_port("80/xyz").unwrap_err(),
            "invalid port: \"80/xyz\": invalid proto: xyz"
        );
        assert_eq!(
            parse_port("/tcp").unwrap_err(),
            "invalid port: \"/tcp\": no port specified"
        );
        assert_eq!(
            parse_port("http").unwrap_err(),
            "invalid containerPort: http"
        );
        assert_eq!(
            parse_port("70000").unwrap_err(),
            "invalid containerPort: 70000"
        );
        assert_eq!(
            parse_port("90-80").unwrap_err(),
            "invalid containerPort: 90-80"
        );
        assert_eq!(
            parse_port("1.2.3:80:80").unwrap_err(),
            "invalid IP address: 1.2.3"
        );
        assert_eq!(
            parse_port("8000-8001:80-82").unwrap_err(),
            "invalid ranges specified for container and host Ports: 80-82 and 8000-8001"
        );
    }

    #[test]
    fn signals() {
        for valid in ["SIGTERM", "term", "9", "SIGRTMIN+3", "RTMAX-14", "SIGWINCH"] {
            assert!(is_valid_signal(valid), "{valid}");
        }
        for invalid in ["0", "SIGFOO", "", "RTMIN+16", "RTMAX-15", "SIG"] {
            assert!(!is_valid_signal(invalid), "{invalid}");
        }
    }
}
