// GeoReport v2's XML (server/domain/open311/open311-xml.ts): the specification's element shapes, text escaped, and a
// value XML 1.0 cannot carry dropped rather than making the document unreadable.
import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { toXml } from '../../server/domain/open311/open311-xml.ts';

const read = (xml: string) => new XMLParser({ parseTagValue: false }).parse(xml);

describe('Open311 XML', () => {
  it('writes a list root with one element per item, null as an empty element, booleans as words', () => {
    const xml = toXml('services', [{ service_code: '1', description: null, metadata: false, group: 'a&b <c>' }]);
    expect(xml).to.equal(
      '<?xml version="1.0" encoding="utf-8"?>\n<services><service><service_code>1</service_code><description/>' +
        '<metadata>false</metadata><group>a&amp;b &lt;c&gt;</group></service></services>',
    );
    expect(toXml('services', [])).to.match(/<services\/>$/);
  });

  it('groups nested lists as the specification does: attributes, values, endpoints, formats', () => {
    const definition = toXml('definition', {
      service_code: '7',
      attributes: [
        {
          code: 'KIND',
          order: 1,
          values: [
            { key: 'a', name: 'A' },
            { key: 'b', name: 'B' },
          ],
        },
      ],
    });
    expect(definition).to.include(
      '<service_definition><service_code>7</service_code><attributes><attribute><code>KIND</code><order>1</order>' +
        '<values><value><key>a</key><name>A</name></value><value><key>b</key><name>B</name></value></values>',
    );
    const discovery = toXml('discovery', { endpoints: [{ formats: ['text/xml', 'application/json'] }] });
    expect(discovery).to.include('<discovery><endpoints><endpoint><formats><format>text/xml</format>');
    expect(toXml('errors', [{ code: 404, description: 'x' }])).to.match(
      /<errors><error><code>404<\/code><description>x<\/description><\/error><\/errors>$/,
    );
  });

  it('drops control characters and lone surrogates XML 1.0 cannot carry, keeping tabs, newlines and emoji', () => {
    const xml = toXml('requests', [{ description: 'a\u0001b\u000bc\td\ne\ud800f😀' }]);
    expect(XMLValidator.validate(xml)).to.equal(true);
    expect(read(xml).service_requests.request.description).to.equal('abc\td\nef😀');
  });
});
