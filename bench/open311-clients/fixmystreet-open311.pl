#!/usr/bin/perl
# FixMyStreet's Open311 client (perllib/Open311.pm of github.com/mysociety/fixmystreet, AGPL: not vendored here,
# loaded from a checkout) driven against a running Hotline, as FixMyStreet drives it: XML only. The modules of
# FixMyStreet it imports but these calls do not need (its database, cobrands, photos) are stubbed below.
#
#   apt-get install libmoo-perl libmoox-types-mooselike-perl libxml-simple-perl libwww-perl \
#     libdatetime-format-w3cdtf-perl libpath-tiny-perl libtry-tiny-perl
#   git show <commit>:perllib/Open311.pm > /tmp/fms/Open311.pm      # from a FixMyStreet checkout
#   npm start                                                      # demo data: api_key o311_demo-civic-app-key
#   perl bench/open311-clients/fixmystreet-open311.pl /tmp/fms http://127.0.0.1:3000/open311/v2/ o311_demo-civic-app-key
#
# What it printed against Hotline is in bench/open311-clients/README.md.
use strict;
use warnings;
use utf8;

BEGIN {
    # Stubs for what Open311.pm imports from the rest of FixMyStreet.
    for my $m (qw(FixMyStreet/Cobrand.pm FixMyStreet/DB.pm FixMyStreet/App/Model/PhotoSet.pm FixMyStreet/ImageMagick.pm
                  FixMyStreet.pm Utils.pm)) {
        $INC{$m} = __FILE__;
    }
    package Utils;
    sub truncate_coordinate { my $out = sprintf('%0.6f', shift); $out =~ s{\.?0+\z}{}; $out }
    package FixMyStreet;
    sub config { my ($class, $key) = @_; return { O311_POLLING_INTERVAL => 0, O311_POLLING_MAX_TRIES => 1 }->{$key} }
    sub test_mode { 1 }
}

my ($fms, $endpoint, $api_key) = @ARGV;
die "usage: $0 <dir holding Open311.pm> <endpoint ending in /> <api_key>\n" unless $api_key;
unshift @INC, $fms;
require Open311;
binmode STDOUT, ':encoding(UTF-8)';

# A report as FixMyStreet holds it: the fields _populate_service_request_params reads.
package Problem {
    sub new { my ($c, %a) = @_; bless {%a}, $c }
    sub detail { $_[0]{detail} }
    sub title { $_[0]{title} }
    sub name { $_[0]{name} }
    sub phone_waste { undef }
    sub user { $_[0] }
    sub email { $_[0]{email} }
    sub used_map { 1 }
    sub latitude { $_[0]{lat} }
    sub longitude { $_[0]{lon} }
    sub postcode { '' }
    sub service { 'iPhone' }
    sub get_extra_fields { $_[0]{extra} // [] }
    sub uprn { $_[0]{uprn} }
    sub cobrand { 'fixmystreet' }
    sub id { 42 }
    sub bodies { {} }
    sub send_fail_count { 0 }
}

my $o = Open311->new(endpoint => $endpoint, api_key => $api_key, jurisdiction => 'hotline.example');
my $say = sub { printf "%-34s %s\n", @_ };

my $services = $o->get_service_list or die "services.xml: " . $o->error;
$say->('get_service_list', scalar(@{ $services->{service} }) . " services; first "
    . "$services->{service}[0]{service_code} $services->{service}[0]{service_name} metadata=$services->{service}[0]{metadata}");
my $code = $services->{service}[0]{service_code};

my $meta = $o->get_service_meta_info($code) or die "services/$code.xml: " . $o->error;
$say->('get_service_meta_info', "service_code $meta->{service_code}, "
    . scalar(@{ $meta->{attributes}[0]{attribute} // [] }) . ' attributes');

my $problem = Problem->new(
    title => '路灯不亮', detail => '小区门口路灯坏了三天', name => '李 四', email => 'li4@example.com',
    lat => 39.961234, lon => 116.418712, uprn => '100023336956',
    extra => [ { name => 'fms_extra_depth_cm', value => '15' }, { name => 'pole_number', value => 'LP-0042' } ],
);
my $id = $o->send_service_request($problem, { url => 'https://fixmystreet.example/report/42' }, $code);
$say->('send_service_request', $id ? "service_request_id $id" : "failed: " . $o->error);

my $requests = $o->get_service_requests({ report_ids => [$id] });
my $r = $requests->[0];
$say->('get_service_requests(report_ids)', "$r->{service_request_id} status=$r->{status} lat=$r->{lat} long=$r->{long} "
    . "requested=$r->{requested_datetime}");

my $since = DateTime::Format::W3CDTF->format_datetime(DateTime->now->subtract(days => 1));
my $recent = $o->get_service_requests({ start_date => $since, end_date => DateTime::Format::W3CDTF->format_datetime(DateTime->now->add(days => 1)) });
$say->('get_service_requests(dates)', scalar(@$recent) . " requests since $since");

# The POST answer read as FixMyStreet reads it, then its token resolved as FixMyStreet would when no id came back.
my $xml = $o->_post($o->endpoints->{requests}, { service_code => $code, address_string => '朝阳区望京西园三区',
    description => '工地夜间施工噪音', 'attribute[uprn]' => '1' });
my $answer = $o->_get_xml_object($xml);
my $token = $answer->{request}[0]{token};
$say->('POST requests.xml token', $token);
$say->('get_service_request_id_from_token', $o->get_service_request_id_from_token($token));

my $bad = Open311->new(endpoint => $endpoint, api_key => 'o311_wrong');
my $none = $bad->send_service_request($problem, { url => 'x' }, $code);
my ($first_line) = split /\n/, $bad->error;
$say->('send_service_request (wrong key)', ($none ? "id $none" : 'refused') . "; error: $first_line");
(my $reason) = $bad->error =~ /^error: (.*)$/m;
$say->('  _process_error read', $reason);
