import Foundation

/// Writes the InspIRCd and Atheme configuration files for a test server.
///
/// Gotchas handled here: `resolvehostnames="no"` (else every connection waits for DNS), the
/// modules Atheme 7.2 needs to link (`deaf` and friends), and loopback-only binds.
enum InspIRCdConfig {
    static func write(_ server: InspIRCdServer) throws {
        let directory = server.directory.path
        let linkPassword = "link-\(UInt32.random(in: 0...UInt32.max))"
        let flood: String
        switch server.options.mode {
        case .strict:
            flood = #"threshold="10" commandrate="1000" fakelag="yes" recvq="8K" softsendq="8K" hardsendq="1M""#
        case .killflood:
            flood = #"threshold="10" commandrate="1000" fakelag="no" recvq="8K" softsendq="8K" hardsendq="1M""#
        case .bench:
            flood =
                #"threshold="1000000" commandrate="100000000" fakelag="no" recvq="1M" softsendq="1M" hardsendq="16M""#
        }
        var modules = [
            "cap", "ircv3", "ircv3_accounttag", "ircv3_batch", "ircv3_capnotify", "ircv3_chghost", "ircv3_ctctags",
            "ircv3_echomessage", "ircv3_invitenotify", "ircv3_labeledresponse", "ircv3_msgid", "ircv3_servertime",
            "namesx", "uhnames", "monitor", "setname", "botmode", "alias",
        ]
        modules += server.options.extraModules
        var extra = ""
        if server.options.services {
            modules += [
                "spanningtree", "services_account", "sasl", "svshold", "chghost", "hidechans", "deaf", "servprotect",
                "hideoper", "cban", "globops", "topiclock",
            ]
            extra += """
                <bind address="127.0.0.1" port="\(server.port + 2)" type="servers">
                <link name="services.int" ipaddr="127.0.0.1" port="\(server.port + 2)" allowmask="127.0.0.1/32" sendpass="\(linkPassword)" recvpass="\(linkPassword)" timeout="30">
                <uline server="services.int" silent="yes">
                <sasl target="services.int" requiressl="no">
                <alias text="NICKSERV" replace="PRIVMSG NickServ :$2-" requires="NickServ" uline="yes">
                <alias text="NS" replace="PRIVMSG NickServ :$2-" requires="NickServ" uline="yes">

                """
        }
        if let caFile = server.caFile {
            modules += ["ssl_gnutls", "sslinfo"]
            let key = URL(fileURLWithPath: caFile).deletingLastPathComponent().appendingPathComponent("key.pem").path
            extra += """
                <sslprofile name="Clients" provider="gnutls" certfile="\(caFile)" keyfile="\(key)" dhfile="" hash="sha256" requestclientcert="yes">
                <bind address="127.0.0.1" port="\(server.port + 1)" type="clients" sslprofile="Clients">

                """
        }
        let inspircd = """
            <server name="irc.test" description="test ircd" network="TestNet" id="001">
            <admin name="test" nick="test" email="test@example.invalid">
            <path configdir="\(directory)" datadir="\(directory)" logdir="\(directory)">
            <bind address="127.0.0.1" port="\(server.port)" type="clients">
            <connect name="main" allow="*" timeout="60" pingfreq="\(server.options.pingFrequency)" maxchans="50" \(flood) localmax="500" globalmax="500" limit="5000" resolvehostnames="no" useident="no">
            <files motd="\(directory)/ircd.motd">
            <dns server="127.0.0.1" timeout="1">
            <options prefixquit="Quit: " syntaxhints="no" announcets="yes" hostintopic="yes" pingwarning="15" exemptchanops="">
            <security announceinvites="dynamic" hidemodes="eI" hideserver="" hidebans="no" hidesplits="no" hideulines="no" flatlinks="no" userstats="Pu" customversion="" maxtargets="20">
            <performance clonesonconnect="no" quietbursts="yes" softlimit="1024" somaxconn="128" netbuffersize="10240">
            <log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="\(directory)/ircd.log">
            <class name="Everything" commands="*" privs="*" usermodes="*" chanmodes="*" snomasks="*">
            <type name="NetAdmin" classes="Everything" vhost="netadmin.irc.test">
            <oper name="\(InspIRCdServer.operatorName)" password="\(InspIRCdServer.operatorPassword)" host="*@127.0.0.1" type="NetAdmin">
            \(modules.map { "<module name=\"\($0)\">" }.joined(separator: "\n"))
            \(extra)
            """
        try "Loopback IRC test server.\n".write(toFile: "\(directory)/ircd.motd", atomically: false, encoding: .utf8)
        try inspircd.write(toFile: "\(directory)/inspircd.conf", atomically: false, encoding: .utf8)
        guard server.options.services else { return }
        let atheme = """
            \(["protocol/inspircd", "backend/opensex", "crypto/pbkdf2v2", "nickserv/main", "nickserv/register", "nickserv/identify",
               "nickserv/login", "nickserv/logout", "nickserv/info", "nickserv/help", "nickserv/drop", "nickserv/ghost", "nickserv/group",
               "nickserv/status", "nickserv/set_core", "nickserv/set_password", "nickserv/cert", "chanserv/main", "chanserv/voice", "chanserv/info", "chanserv/help",
               "chanserv/register", "chanserv/flags", "chanserv/op", "saslserv/main", "saslserv/plain", "saslserv/external"]
                .map { "loadmodule \"modules/\($0)\";" }.joined(separator: "\n"))
            pbkdf2v2 { };
            serverinfo {
                name = "services.int"; desc = "Atheme IRC Services"; numeric = "00A";
                recontime = 2; netname = "TestNet"; hidehostsuffix = "users.test";
                adminname = "test"; adminemail = "test@example.invalid";
                registeremail = "noreply@example.invalid"; mta = "/bin/false";
                loglevel = { error; info; admin; network; register; };
                maxlogins = 20; maxusers = 20; mdlimit = 30; emaillimit = 10; emailtime = 300;
                auth = none; casemapping = rfc1459;
            };
            uplink "irc.test" { host = "127.0.0.1"; port = \(server.port + 2); send_password = "\(linkPassword)"; receive_password = "\(linkPassword)"; };
            nickserv { nick = "NickServ"; user = "NickServ"; host = "services.int"; real = "Nickname Services"; maxnicks = 5; expire = 0; };
            chanserv { nick = "ChanServ"; user = "ChanServ"; host = "services.int"; real = "Channel Services"; maxchans = 20; expire = 0; };
            saslserv { nick = "SaslServ"; user = "SaslServ"; host = "services.int"; real = "SASL Authentication Agent"; };
            logfile "\(directory)/atheme.log" { error; info; admin; network; register; denycmd; };
            general {
                join_chans; leave_chans; uflags = { hidemail; }; cflags = { verbose; guard; };
                flood_msgs = 0; flood_time = 10; ratelimit_uses = 1000; ratelimit_period = 60;
                kline_time = 7; commit_interval = 1; default_clone_allowed = 1000; default_clone_warn = 1000;
                uplink_sendq_limit = 1048576; language = "en"; immune_level = immune;
                show_entity_id; load_database_mdeps;
            };
            database { file = "\(directory)/services.db"; };
            """
        try atheme.write(toFile: "\(directory)/atheme.conf", atomically: false, encoding: .utf8)
    }
}
