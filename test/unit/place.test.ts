import { expect } from 'chai';
import { parsePlace, placeKey, samePlace } from '../../server/domain/tickets/place.ts';

describe('the same place written differently (place.ts)', () => {
  it('reads the street and door number, with or without the city and district', () => {
    expect(parsePlace('北京市东城区南竹竿胡同22号')).to.deep.equal({
      street: '南竹竿胡同',
      district: '东城区',
      number: 22,
      building: false,
    });
    expect(parsePlace('南竹竿胡同 23 号')).to.deep.include({ street: '南竹竿胡同', district: null, number: 23 });
    expect(parsePlace('东城区东四街道南竹竿胡同２２号院')).to.deep.include({ street: '南竹竿胡同', number: 22 });
    // A number that names the street (东四3条) is not the door; 菜市口 keeps its 市; 小区 is no district.
    expect(parsePlace('东四3条甲5号')).to.deep.include({ street: '东四3条', number: 5 });
    expect(parsePlace('菜市口大街10号')).to.deep.include({ street: '菜市口大街', number: 10 });
    expect(parsePlace('望京花园小区3号楼2单元')).to.deep.include({ street: '望京花园小区', number: 3, building: true });
    expect(parsePlace('')).to.equal(null);
    expect(parsePlace('22号')).to.equal(null);
  });

  it('matches the same doorway and its neighbours within 2 on the same street, whatever the prefix', () => {
    for (const other of [
      '南竹竿胡同22号',
      '南竹竿胡同23号',
      '东城区南竹竿胡同22号',
      '北京市东城区南竹竿胡同24号',
      '南竹竿胡同20号',
    ]) {
      expect(samePlace('南竹竿胡同22号', other), other).to.equal(true);
      expect(placeKey(other)).to.equal(placeKey('南竹竿胡同22号'));
    }
  });

  it('does not match the rest of a long street, another street or another district', () => {
    expect(samePlace('南竹竿胡同22号', '南竹竿胡同25号')).to.equal(false);
    expect(samePlace('南竹竿胡同22号', '南竹竿胡同122号')).to.equal(false);
    expect(samePlace('南竹竿胡同22号', '北竹竿胡同22号')).to.equal(false);
    expect(samePlace('东城区南竹竿胡同22号', '西城区南竹竿胡同22号')).to.equal(false);
    // The street alone is not a place.
    expect(samePlace('南竹竿胡同', '南竹竿胡同22号')).to.equal(false);
  });

  it('matches a building only with itself', () => {
    expect(samePlace('望京花园3号楼', '朝阳区望京花园3栋')).to.equal(true);
    expect(samePlace('望京花园3号楼', '望京花园4号楼')).to.equal(false);
  });
});
