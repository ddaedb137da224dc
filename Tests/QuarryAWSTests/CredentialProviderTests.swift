import AWSSigning
import Foundation
import Testing
@testable import QuarryAWS

/// STS answers in the query protocol's XML.
func stsResponse(action: String, accessKey: String, expiration: String = "2030-01-01T00:00:00Z") -> FakeResponse {
    .xml("""
        <\(action)Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <\(action)Result>
            <Credentials>
              <AccessKeyId>\(accessKey)</AccessKeyId>
              <SecretAccessKey>roleSecret</SecretAccessKey>
              <SessionToken>roleToken</SessionToken>
              <Expiration>\(expiration)</Expiration>
            </Credentials>
            <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>
          </\(action)Result>
          <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
        </\(action)Response>
        """)
}

@Suite("Credential providers")
struct CredentialProviderTests {
    @Test("Environment variables")
    func environment() async throws {
        let provider = EnvironmentCredentialProvider(environment: AWSEnvironment(variables: [
            "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envSecret", "AWS_SESSION_TOKEN": "envToken",
        ]))
        let credentials = try await provider.credentials()
        #expect(credentials == AWSCredentials(accessKeyId: "AKIDENV", secretAccessKey: "envSecret", sessionToken: "envToken"))
        let missing = await awsError { _ = try await EnvironmentCredentialProvider(environment: AWSEnvironment(variables: [:])).credentials() }
        #expect(missing?.isNotConfigured == true)
        let half = await awsError {
            _ = try await EnvironmentCredentialProvider(environment: AWSEnvironment(variables: ["AWS_ACCESS_KEY_ID": "x"])).credentials()
        }
        #expect(half?.kind == .credentials)
        #expect(half?.isNotConfigured == false)
    }

    @Test("Shared files: [profile x] in config, [x] in credentials, credentials file wins, comments ignored")
    func profileFiles() async throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        try folder.write("config", """
            # comment
            [default]
            region = eu-west-1
            aws_access_key_id = FROMCONFIG
            aws_secret_access_key = configSecret
            [profile dev]
            region = us-west-2 ; inline comment
            s3 =
              max_concurrent_requests = 4
            [dev]
            aws_access_key_id = IGNORED-NOT-A-PROFILE-SECTION
            """)
        try folder.write("credentials", """
            [default]
            aws_access_key_id = FROMCREDS
            aws_secret_access_key = credsSecret
            [dev]
            aws_access_key_id = DEVKEY
            aws_secret_access_key = devSecret
            aws_session_token = devToken
            """)
        let variables = ["AWS_CONFIG_FILE": folder.path + "/config", "AWS_SHARED_CREDENTIALS_FILE": folder.path + "/credentials"]
        try await withHTTPClient { http, _ in
            let byDefault = try await ProfileCredentialProvider(http: http, environment: AWSEnvironment(variables: variables)).credentials()
            #expect(byDefault.accessKeyId == "FROMCREDS")
            #expect(byDefault.secretAccessKey == "credsSecret")
            var withProfile = variables
            withProfile["AWS_PROFILE"] = "dev"
            let dev = try await ProfileCredentialProvider(http: http, environment: AWSEnvironment(variables: withProfile)).credentials()
            #expect(dev == AWSCredentials(accessKeyId: "DEVKEY", secretAccessKey: "devSecret", sessionToken: "devToken"))
            #expect(AWSDefaults.region(environment: AWSEnvironment(variables: withProfile)) == "us-west-2")
            #expect(AWSDefaults.region(environment: AWSEnvironment(variables: variables)) == "eu-west-1")
            var regionEnv = withProfile
            regionEnv["AWS_DEFAULT_REGION"] = "ap-south-1"
            #expect(AWSDefaults.region(environment: AWSEnvironment(variables: regionEnv)) == "ap-south-1")
            regionEnv["AWS_REGION"] = "ca-central-1"
            #expect(AWSDefaults.region(environment: AWSEnvironment(variables: regionEnv)) == "ca-central-1")
            #expect(AWSDefaults.region(explicit: "sa-east-1", environment: AWSEnvironment(variables: regionEnv)) == "sa-east-1")

            var missing = variables
            missing["AWS_PROFILE"] = "nope"
            let error = await awsError { _ = try await ProfileCredentialProvider(http: http, environment: AWSEnvironment(variables: missing)).credentials() }
            #expect(error?.code == "ProfileNotFound")
            #expect(error?.isNotConfigured == false)
        }
    }

    @Test("role_arn + source_profile: AssumeRole at STS (local fake), signed with the source profile's keys")
    func assumeRole() async throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        try await withFakeServer({ request in
            request.form["Action"] == "AssumeRole" ? stsResponse(action: "AssumeRole", accessKey: "ASIAROLE")
                : .xml("<ErrorResponse><Error><Code>InvalidAction</Code><Message>no</Message></Error></ErrorResponse>", status: 400)
        }) { server in
            try folder.write("config", """
                [profile base]
                aws_access_key_id = AKIDBASE
                aws_secret_access_key = baseSecret
                [profile role]
                role_arn = arn:aws:iam::123456789012:role/Batch
                source_profile = base
                role_session_name = quarry-test
                external_id = ext-42
                duration_seconds = 1800
                region = eu-central-1
                """)
            let environment = AWSEnvironment(variables: ["AWS_CONFIG_FILE": folder.path + "/config",
                                                         "AWS_SHARED_CREDENTIALS_FILE": folder.path + "/none",
                                                         "AWS_PROFILE": "role", "AWS_ENDPOINT_URL_STS": server.url])
            try await withHTTPClient { http, _ in
                let credentials = try await ProfileCredentialProvider(http: http, environment: environment).credentials()
                #expect(credentials.accessKeyId == "ASIAROLE")
                #expect(credentials.secretAccessKey == "roleSecret")
                #expect(credentials.sessionToken == "roleToken")
                #expect(credentials.expiration == ISO8601.parse("2030-01-01T00:00:00Z"))
            }
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.form == ["Action": "AssumeRole", "Version": "2011-06-15",
                                     "RoleArn": "arn:aws:iam::123456789012:role/Batch", "RoleSessionName": "quarry-test",
                                     "ExternalId": "ext-42", "DurationSeconds": "1800"])
            let authorization = try #require(request.header("Authorization"))
            #expect(authorization.contains("Credential=AKIDBASE/"))
            #expect(authorization.contains("/eu-central-1/sts/aws4_request"))
        }
    }

    @Test("source_profile cycles and missing sources are configuration errors")
    func cycles() async throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        try folder.write("config", """
            [profile a]
            role_arn = arn:aws:iam::123456789012:role/A
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::123456789012:role/B
            source_profile = a
            [profile c]
            role_arn = arn:aws:iam::123456789012:role/C
            source_profile = missing
            """)
        try await withHTTPClient { http, _ in
            for (profile, code) in [("a", "ProfileCycle"), ("c", "ProfileNotFound")] {
                let environment = AWSEnvironment(variables: ["AWS_CONFIG_FILE": folder.path + "/config", "AWS_PROFILE": profile,
                                                             "AWS_SHARED_CREDENTIALS_FILE": folder.path + "/none"])
                let error = await awsError { _ = try await ProfileCredentialProvider(http: http, environment: environment).credentials() }
                #expect(error?.code == code)
            }
        }
    }

    @Test("credential_process: runs the command and parses Version 1 JSON")
    func credentialProcess() async throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let script = try folder.write("creds.sh", """
            #!/bin/sh
            echo "diagnostics go to stderr" >&2
            echo '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "procSecret", "SessionToken": "procToken", "Expiration": "2031-02-03T04:05:06Z"}'
            """, executable: true)
        try folder.write("config", "[profile proc]\ncredential_process = \(script) --flag\n[profile bad]\ncredential_process = sh -c 'echo nope; exit 3'\n")
        try await withHTTPClient { http, _ in
            let environment = AWSEnvironment(variables: ["AWS_CONFIG_FILE": folder.path + "/config", "AWS_PROFILE": "proc",
                                                         "AWS_SHARED_CREDENTIALS_FILE": folder.path + "/none"])
            let credentials = try await ProfileCredentialProvider(http: http, environment: environment).credentials()
            #expect(credentials.accessKeyId == "AKIDPROC")
            #expect(credentials.sessionToken == "procToken")
            #expect(credentials.expiration == ISO8601.parse("2031-02-03T04:05:06Z"))
            let bad = AWSEnvironment(variables: ["AWS_CONFIG_FILE": folder.path + "/config", "AWS_PROFILE": "bad",
                                                 "AWS_SHARED_CREDENTIALS_FILE": folder.path + "/none"])
            let error = await awsError { _ = try await ProfileCredentialProvider(http: http, environment: bad).credentials() }
            #expect(error?.kind == .credentials)
        }
    }

    @Test("Web identity: AssumeRoleWithWebIdentity, unsigned, token file read")
    func webIdentity() async throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let tokenFile = try folder.write("token", "eyJ.web.identity\n")
        try await withFakeServer({ _ in stsResponse(action: "AssumeRoleWithWebIdentity", accessKey: "ASIAWEB") }) { server in
            let environment = AWSEnvironment(variables: ["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile,
                                                         "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/Web",
                                                         "AWS_ROLE_SESSION_NAME": "pod-1", "AWS_ENDPOINT_URL": server.url])
            try await withHTTPClient { http, _ in
                let credentials = try await WebIdentityCredentialProvider(http: http, environment: environment).credentials()
                #expect(credentials.accessKeyId == "ASIAWEB")
                let unconfigured = await awsError { _ = try await WebIdentityCredentialProvider(http: http, environment: AWSEnvironment(variables: [:])).credentials() }
                #expect(unconfigured?.isNotConfigured == true)
            }
            let request = try #require(server.requests.first)
            #expect(request.header("Authorization") == nil)
            #expect(request.form["Action"] == "AssumeRoleWithWebIdentity")
            #expect(request.form["WebIdentityToken"] == "eyJ.web.identity")
            #expect(request.form["RoleSessionName"] == "pod-1")
            #expect(request.form["RoleArn"] == "arn:aws:iam::123456789012:role/Web")
        }
    }

    @Test("Container endpoint: relative URI and full URI with an authorization token file")
    func container() async throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let tokenFile = try folder.write("auth", "Bearer-from-file\n")
        let body = #"{"AccessKeyId":"ASIAECS","SecretAccessKey":"ecsSecret","Token":"ecsToken","Expiration":"2030-05-06T07:08:09.123Z","RoleArn":"arn"}"#
        try await withFakeServer({ request in
            request.path == "/v2/credentials/abc" || request.path == "/creds" ? .json(body) : .text("no", status: 404)
        }) { server in
            try await withHTTPClient { http, _ in
                let relative = ContainerCredentialProvider(
                    http: http, environment: AWSEnvironment(variables: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"]),
                    relativeBase: server.url)
                let credentials = try await relative.credentials()
                #expect(credentials.accessKeyId == "ASIAECS")
                #expect(credentials.sessionToken == "ecsToken")
                #expect(credentials.expiration != nil)

                let full = ContainerCredentialProvider(http: http, environment: AWSEnvironment(variables: [
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.url + "/creds",
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-file-set",
                ]))
                #expect(try await full.credentials().accessKeyId == "ASIAECS")

                let remote = ContainerCredentialProvider(http: http, environment: AWSEnvironment(variables: [
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds",
                ]))
                #expect(await awsError { _ = try await remote.credentials() }?.kind == .configuration)
            }
            #expect(server.requests.map(\.path) == ["/v2/credentials/abc", "/creds"])
            #expect(server.requests[0].header("Authorization") == nil)
            #expect(server.requests[1].header("Authorization") == "Bearer-from-file")
        }
    }

    @Test("IMDSv2: token, role name, credentials; AWS_EC2_METADATA_DISABLED; no server → not configured")
    func instanceMetadata() async throws {
        try await withFakeServer({ request in
            switch (request.method, request.path) {
            case ("PUT", "/latest/api/token"):
                return request.header("X-aws-ec2-metadata-token-ttl-seconds") == "21600" ? .text("imds-token") : .text("", status: 400)
            case (_, _) where request.header("X-aws-ec2-metadata-token") != "imds-token":
                return .text("", status: 401)
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return .text("BatchRole\n")
            case ("GET", "/latest/meta-data/iam/security-credentials/BatchRole"):
                return .json(#"{"Code":"Success","LastUpdated":"2026-11-24T00:00:00Z","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imdsSecret","Token":"imdsToken","Expiration":"2030-01-01T00:00:00Z"}"#)
            default:
                return .text("", status: 404)
            }
        }) { server in
            try await withHTTPClient { http, _ in
                let provider = InstanceMetadataCredentialProvider(
                    http: http, environment: AWSEnvironment(variables: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.url]))
                let credentials = try await provider.credentials()
                #expect(credentials.accessKeyId == "ASIAIMDS")
                #expect(credentials.sessionToken == "imdsToken")

                let disabled = InstanceMetadataCredentialProvider(http: http, environment: AWSEnvironment(variables: [
                    "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.url, "AWS_EC2_METADATA_DISABLED": "true"]))
                #expect(await awsError { _ = try await disabled.credentials() }?.isNotConfigured == true)
            }
            #expect(server.requests.map(\.method) == ["PUT", "GET", "GET"])
        }
        // Nothing listening: the chain must be able to move on.
        let url = Self.nothingListening
        try await withHTTPClient { http, _ in
            let provider = InstanceMetadataCredentialProvider(http: http, environment: AWSEnvironment(variables: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": url]),
                                                              timeout: .milliseconds(300))
            #expect(await awsError { _ = try await provider.credentials() }?.isNotConfigured == true)
        }
    }

    /// An endpoint that refuses connections. Not a stopped test server's port: a server another
    /// test starts meanwhile can be given the same port, and then answers (seen in CI).
    static let nothingListening = "http://127.0.0.1:1"

    @Test("The standard chain: environment first, then the profile; nothing → a helpful error")
    func chain() async throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        try folder.write("credentials", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = fileSecret\n")
        let imds = Self.nothingListening
        try await withHTTPClient { http, _ in
            let files = ["AWS_SHARED_CREDENTIALS_FILE": folder.path + "/credentials", "AWS_CONFIG_FILE": folder.path + "/none",
                         "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds]
            var withEnv = files
            withEnv["AWS_ACCESS_KEY_ID"] = "AKIDENV"
            withEnv["AWS_SECRET_ACCESS_KEY"] = "envSecret"
            let fromEnv = try await AWSDefaults.credentialChain(http: http, environment: AWSEnvironment(variables: withEnv)).credentials()
            #expect(fromEnv.accessKeyId == "AKIDENV")
            let fromFile = try await AWSDefaults.credentialChain(http: http, environment: AWSEnvironment(variables: files)).credentials()
            #expect(fromFile.accessKeyId == "AKIDFILE")
            let nothing = AWSEnvironment(variables: ["HOME": folder.path + "/nohome", "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds])
            let error = await awsError { _ = try await AWSDefaults.credentialChain(http: http, environment: nothing).credentials() }
            #expect(error?.code == "NoCredentials")
            #expect(error?.message.contains("AWS_ACCESS_KEY_ID") == true)
        }
    }
}
