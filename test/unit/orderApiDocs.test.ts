import { expect } from 'chai';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parse } from 'yaml';
import { orderRequestSignature, signOrderRequest, verifyOrderRequest } from '../../orders/http/signature';
import { orderSchema } from '../../orders/orderSchema';
import { documentedVerifier } from '../helpers/documentedVerifier';

const DOCS = resolve(__dirname, '../../../docs');
const guide = readFileSync(resolve(DOCS, 'ORDER-API.md'), 'utf8');
const EXAMPLE_SECRET = 'whsec-balie-example-0123456789';
const EXAMPLE_TIME = 1764669600;

describe('the order API documentation', () => {
  it('prints worked-example signatures that Balie really computes', () => {
    const lookup = orderRequestSignature(EXAMPLE_SECRET, EXAMPLE_TIME, { method: 'GET', target: '/balie-api/orders/100001?postcode=9711AA', body: '' });
    const returns = orderRequestSignature(EXAMPLE_SECRET, EXAMPLE_TIME, {
      method: 'POST',
      target: '/balie-api/orders/100001/returns',
      body: '{"sku":"LAMP-NOOR","reason":"Damaged","conversationId":"a1b2c3"}',
    });
    expect(guide).to.include(`X-Balie-Signature: ${lookup}`);
    expect(guide).to.include(returns);
  });

  it('ships a verifier that accepts Balie’s signatures, also during a secret rotation, and refuses the rest', () => {
    const verify = documentedVerifier();
    const request = { method: 'POST', target: '/balie-api/orders/100001/cancel', body: '{}' };
    const now = new Date(EXAMPLE_TIME * 1000);
    const headers = Object.fromEntries(Object.entries(signOrderRequest('new-secret-0123456789', request, now)).map(([k, v]) => [k.toLowerCase(), v]));
    const at = EXAMPLE_TIME + 10;
    expect(verify(['new-secret-0123456789'], headers, 'POST', request.target, '{}', at)).to.equal(true);
    expect(verify(['new-secret-0123456789', 'old-secret-0123456789'], headers, 'POST', request.target, '{}', at)).to.equal(true);
    expect(verify(['old-secret-0123456789'], headers, 'POST', request.target, '{}', at), 'wrong secret').to.equal(false);
    expect(verify(['new-secret-0123456789'], headers, 'POST', request.target, '{"x":1}', at), 'other body').to.equal(false);
    expect(verify(['new-secret-0123456789'], headers, 'POST', '/balie-api/orders/100002/cancel', '{}', at), 'other target').to.equal(false);
    expect(verify(['new-secret-0123456789'], headers, 'POST', request.target, '{}', EXAMPLE_TIME + 301), 'replayed after 5 minutes').to.equal(false);
    expect(verify(['new-secret-0123456789'], { ...headers, 'x-balie-signature': 'v1=00' }, 'POST', request.target, '{}', at)).to.equal(false);
    expect(verify(['new-secret-0123456789'], {}, 'POST', request.target, '{}', at)).to.equal(false);
  });

  it('and Balie’s own verifier agree', () => {
    const request = { method: 'GET', target: '/orders/%231001?postcode=9711AA', body: '' };
    const now = new Date(EXAMPLE_TIME * 1000);
    const signed = signOrderRequest(EXAMPLE_SECRET, request, now);
    const headers = { timestamp: signed['X-Balie-Timestamp'], signature: signed['X-Balie-Signature'] };
    expect(verifyOrderRequest([EXAMPLE_SECRET], headers, request, new Date(now.getTime() + 299_000))).to.equal(true);
    expect(verifyOrderRequest([EXAMPLE_SECRET], headers, request, new Date(now.getTime() + 301_000))).to.equal(false);
    expect(
      documentedVerifier()(
        [EXAMPLE_SECRET],
        { 'x-balie-timestamp': headers.timestamp, 'x-balie-signature': headers.signature },
        'GET',
        request.target,
        '',
        EXAMPLE_TIME,
      ),
    ).to.equal(true);
  });

  it('has an OpenAPI 3.1 file whose order matches the one Balie validates', () => {
    const api = parse(readFileSync(resolve(DOCS, 'order-api.openapi.yaml'), 'utf8'));
    expect(api.openapi).to.equal('3.1.0');
    expect(Object.keys(api.paths)).to.deep.equal(['/orders/{orderNumber}', '/orders/{orderNumber}/cancel', '/orders/{orderNumber}/returns']);
    const order = api.components.schemas.Order;
    expect(Object.keys(order.properties).sort()).to.deep.equal(Object.keys(orderSchema.shape).sort());
    const required = Object.entries(orderSchema.shape)
      .filter(([, field]) => !field.safeParse(undefined).success)
      .map(([name]) => name);
    expect([...order.required].sort()).to.deep.equal(required.sort());
    expect(api.components.schemas.OrderStatus.enum).to.deep.equal(orderSchema.shape.status.options);
  });
});
